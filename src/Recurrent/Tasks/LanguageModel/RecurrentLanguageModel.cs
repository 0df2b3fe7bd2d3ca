using Recurrent.Autograd;
using Recurrent.Layers;
using Recurrent.Recurrence;
using Recurrent.Tensors;

namespace Recurrent.Tasks.LanguageModel;

/// <summary>
/// A recurrent language model: token ids → embedding [E] → L stacked LSTM/GRU/RNN layers [H] → linear layer → one score per
/// vocabulary entry, whose softmax is the distribution of the next token. Trained with cross-entropy against the text
/// shifted by one token. Parameter names: <c>embedding.weight</c> [V, E], <c>rnn.weight_ih_l0</c> …, <c>output.weight</c> [V, H]
/// (absent when tied: the output layer reads <c>embedding.weight</c>), <c>output.bias</c> [V].
/// </summary>
public sealed class RecurrentLanguageModel : Module
{
    /// <summary>σ of the N(0, σ²) initial embedding when it is also the output layer: at PyTorch's σ = 1 the first scores would be huge.</summary>
    public const float TiedEmbeddingStd = 0.1f;

    private readonly Dropout dropout;

    public RecurrentLanguageModel(LanguageModelOptions options, Rng rng)
    {
        options.Validate();
        Options = options;
        Embedding = AddModule("embedding", new Embedding(new EmbeddingOptions
        {
            VocabularySize = options.VocabularySize, Dimension = options.EmbeddingDimension, PaddingIndex = null,
            InitStd = options.TieWeights ? TiedEmbeddingStd : 1f,
        }, rng));
        Rnn = AddModule("rnn", new RecurrentLayer(new RecurrentOptions
        {
            Cell = options.Cell, InputSize = options.EmbeddingDimension, HiddenSize = options.HiddenSize, NumLayers = options.NumLayers,
            InputWeightInit = options.InputWeightInit, RecurrentWeightInit = options.RecurrentWeightInit, ForgetGateBiasOne = options.ForgetGateBiasOne,
            Dropout = options.Dropout, BatchFirst = true, Nonlinearity = options.Nonlinearity,
        }, rng.Fork()));
        Output = AddModule("output", options.TieWeights
            ? new Linear(Embedding.Weight, bias: true)
            : new Linear(options.HiddenSize, options.VocabularySize, rng));
        dropout = AddModule("dropout", new Dropout(options.Dropout, rng.Fork()));
    }

    /// <summary>
    /// The number of parameters a network of <paramref name="options"/> has, worked out without building it (a loader compares
    /// it with the weights file before allocating): the embedding V·E, the recurrent layers, and the output layer H·V + V, whose
    /// weight is the embedding's when tied.
    /// </summary>
    public static long CountParameters(LanguageModelOptions options)
    {
        long vocabulary = options.VocabularySize;
        return vocabulary * options.EmbeddingDimension
               + RecurrentParameterCount.Of(options.Cell, options.EmbeddingDimension, options.HiddenSize, options.NumLayers)
               + (options.TieWeights ? 0 : (long)options.HiddenSize * vocabulary) + vocabulary;
    }

    public LanguageModelOptions Options { get; }

    public Embedding Embedding { get; }

    public RecurrentLayer Rnn { get; }

    /// <summary>The output layer [H → V]; its weight is <see cref="Embedding"/>'s when the weights are tied.</summary>
    public Linear Output { get; }

    /// <summary>
    /// Scores of the next token after every position of a batch of token windows.
    /// </summary>
    /// <param name="ids">token ids [B, T], row-major.</param>
    /// <param name="batch">B.</param>
    /// <param name="steps">T.</param>
    /// <param name="state">the state to start from (the previous window's, detached), or null for zeros.</param>
    /// <returns>logits [B·T, V] (row b·T + t scores the token after ids[b, t]) and the state after the last step.</returns>
    public (Variable Logits, LanguageModelState State) Forward(int[] ids, int batch, int steps, LanguageModelState? state = null)
    {
        var x = dropout.Forward(Embedding.Forward(ids, [batch, steps]));          // [B, T, E]
        var result = Rnn.Forward(x, lengths: null, state?.Hidden, state?.Cell);     // output [B, T, H]
        var h = dropout.Forward(Ops.Reshape(result.Output, batch * steps, Options.HiddenSize)); // [B·T, H]
        return (Output.Forward(h), new LanguageModelState(result.HiddenState, result.CellState));
    }
}
