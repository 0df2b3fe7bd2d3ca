using System.Numerics.Tensors;
using Recurrent.Text;

namespace Recurrent.Tasks.Classification;

/// <summary>
/// A <see cref="TextClassifier"/> network on raw texts: each text is tokenized and encoded by the preprocessing and the
/// vocabulary it was trained with, then scored in batches.
/// </summary>
public sealed class RecurrentTextClassifier(TextClassifier network, Vocabulary vocabulary, TextPreprocessing preprocessing) : ITextClassifier
{
    private readonly ITokenizer tokenizer = preprocessing.CreateTokenizer();

    public TextClassifier Network => network;

    public int ClassCount => network.Options.ClassCount;

    /// <summary>The network's parameters, frozen pretrained vectors included.</summary>
    public long ParameterCount => network.ParameterCount();

    /// <summary>
    /// The tokens of <paramref name="text"/> as the network reads them (tokenized and cut to the preprocessing's MaxLength) with
    /// their vocabulary ids, one per token (&lt;unk&gt;'s for a word the vocabulary lacks); both empty for a text without tokens.
    /// </summary>
    public (IReadOnlyList<string> Tokens, int[] Ids) Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = preprocessing.Tokenize(tokenizer, text).Take(preprocessing.MaxLength).ToList();
        return (tokens, vocabulary.Encode(tokens));
    }

    public int[] Predict(IReadOnlyList<string> texts)
    {
        var probabilities = PredictProbabilities(texts);
        return Enumerable.Range(0, texts.Count)
            .Select(n => TensorPrimitives.IndexOfMax(probabilities.ReadOnlySpan.Slice(n * ClassCount, ClassCount)))
            .ToArray();
    }

    /// <summary>
    /// The tokens the network reads for <paramref name="text"/> and their ids [T], as <see cref="PredictProbabilities"/> encodes it:
    /// truncated to <see cref="TextPreprocessing.MaxLength"/>; a text without tokens is one &lt;unk&gt;.
    /// </summary>
    public (IReadOnlyList<string> Tokens, int[] Ids) Read(string text)
    {
        var tokens = preprocessing.Tokenize(tokenizer, text).Take(preprocessing.MaxLength).ToList();
        if (tokens.Count == 0) return ([Vocabulary.UnknownToken], [Vocabulary.UnknownIndex]);
        return (tokens, vocabulary.Encode(tokens));
    }

    public Tensor PredictProbabilities(IReadOnlyList<string> texts) =>
        ClassificationTask.Probabilities(network, texts.Select(t => preprocessing.Encode(tokenizer, vocabulary, t)).ToList());
}
