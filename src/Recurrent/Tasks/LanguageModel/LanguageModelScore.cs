using Recurrent.Autograd;
using Recurrent.Layers;
using Recurrent.Text;

namespace Recurrent.Tasks.LanguageModel;

/// <summary>
/// How well a language model predicts a text: the mean cross-entropy <see cref="Loss"/> in nats per token, and the same in
/// the units people quote: bits per character (loss / ln 2) for a character model, perplexity (e^loss, the number of equally
/// likely choices that would be as uncertain) for any model.
/// </summary>
public sealed record LanguageModelScore(double Loss, long Tokens, TokenLevel Level)
{
    /// <summary>Loss / ln 2; meaningful for a character-level model, where a token is a character.</summary>
    public double BitsPerToken => Loss / Math.Log(2);

    public double Perplexity => Math.Exp(Loss);

    /// <summary>The metrics by name: loss, perplexity, and bits_per_char for a character model.</summary>
    public IReadOnlyDictionary<string, double> ToMetrics()
    {
        var metrics = new Dictionary<string, double> { ["loss"] = Loss };
        if (Level == TokenLevel.Character) metrics["bits_per_char"] = BitsPerToken;
        metrics["perplexity"] = Perplexity;
        return metrics;
    }

    /// <summary>
    /// Scores <paramref name="model"/> on a text with the state carried through it: the text is cut into up to
    /// <paramref name="streams"/> contiguous streams read side by side in windows of <paramref name="windowLength"/>
    /// (<see cref="TextStreams"/>), each window starting from the state the previous one ended with. Runs without a tape
    /// and without dropout (<see cref="Module.Evaluating"/>), leaving the model's mode as it is.
    /// </summary>
    public static LanguageModelScore Measure(RecurrentLanguageModel model, int[] tokens, int streams = 32, int windowLength = 100)
    {
        if (tokens.Length < 2)
            throw new ArgumentException($"Scoring a language model needs a text of at least 2 tokens, got {tokens.Length}.", nameof(tokens));
        var layout = new TextStreams(tokens, Math.Min(streams, tokens.Length - 1), windowLength);
        double total = 0;
        using (Module.Evaluating())
        using (Tape.NoGrad())
        {
            LanguageModelState? state = null;
            for (int k = 0; k < layout.WindowCount; k++)
            {
                var (inputs, targets, steps) = layout.Window(k);
                (var logits, state) = model.Forward(inputs, layout.Streams, steps, state);
                total += Ops.CrossEntropy(logits, targets, new CrossEntropyOptions { Reduction = Reduction.Sum }).Value.Data[0];
            }
        }
        return new LanguageModelScore(total / layout.TokenCount, layout.TokenCount, model.Options.Level);
    }
}
