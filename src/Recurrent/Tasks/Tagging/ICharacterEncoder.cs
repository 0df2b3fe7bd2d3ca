using Recurrent.Autograd;
using Recurrent.Tensors;

namespace Recurrent.Tasks.Tagging;

/// <summary>
/// Turns each distinct word of a batch into a vector from its characters, so that the tagger has features for words its
/// word vocabulary lacks and sees the case the lower-cased word vocabulary drops. An implementation is a
/// <see cref="Layers.Module"/>, registered by the tagger as a child, so its parameters are trained and saved with the tagger's;
/// its parameters carry the names of the equivalent PyTorch module's state dict (<c>embedding.weight</c>, <c>conv.weight</c>,
/// <c>lstm.weight_ih_l0</c> …).
/// </summary>
public interface ICharacterEncoder
{
    /// <summary>F, the features of each word's vector.</summary>
    int OutputSize { get; }

    /// <summary>The characters of the batch's W distinct words → word vectors [W, F], on the tape when one is open;
    /// <see cref="CharacterBatch.TokenFeatures"/> spreads them over the tokens.</summary>
    Variable Forward(CharacterBatch batch);

    /// <summary>The encoder of <see cref="CharacterEncoderOptions.Kind"/>, its weights drawn from <paramref name="rng"/>.</summary>
    static ICharacterEncoder Create(CharacterEncoderOptions options, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return options.Kind == CharacterEncoderKind.Cnn ? new CharacterCnnEncoder(options, rng) : new CharacterLstmEncoder(options, rng);
    }
}
