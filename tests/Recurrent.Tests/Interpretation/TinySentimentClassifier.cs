using Recurrent.Autograd;
using Recurrent.Recurrence;
using Recurrent.Tasks.Classification;
using Recurrent.Text;
using Recurrent.Training;

namespace Recurrent.Tests.Interpretation;

/// <summary>
/// A bidirectional LSTM with last-state pooling trained for a few dozen full-batch Adam steps on a handful of sentences until it
/// separates them: a small classifier whose predictions rest on its sentiment words, for the explainer's tests.
/// </summary>
internal static class TinySentimentClassifier
{
    public static readonly string[] Labels = ["negative", "positive"];

    private static readonly (string Text, int Label)[] Sentences =
    [
        ("the movie was good", 1), ("the food is great", 1), ("a great movie", 1), ("the food was very good", 1),
        ("good food", 1), ("the movie was bad", 0), ("the food is awful", 0), ("an awful movie", 0),
        ("the food was very bad", 0), ("bad food", 0),
    ];

    public static readonly Vocabulary Vocabulary =
        Vocabulary.Build(Sentences.Select(s => s.Text.Split(' ')));

    private static readonly Lazy<TextClassifier> Trained = new(Train);

    public static TextClassifier Network => Trained.Value;

    private static TextClassifier Train()
    {
        var network = new TextClassifier(new TextClassifierOptions
        {
            VocabularySize = Vocabulary.Count, ClassCount = Labels.Length, EmbeddingDimension = 8, EmbeddingInitStd = 0.5f,
            Cell = CellKind.Lstm, HiddenSize = 8, Bidirectional = true, Pooling = Pooling.Last,
        }, new Rng(7));
        var tokenized = Sentences.Select(s => Vocabulary.Encode(s.Text.Split(' '))).ToArray();
        int batch = tokenized.Length, steps = tokenized.Max(t => t.Length);
        var ids = new int[batch * steps]; // padded with <pad> = 0
        for (int b = 0; b < batch; b++) tokenized[b].CopyTo(ids, b * steps);
        var lengths = tokenized.Select(t => t.Length).ToArray();
        var targets = Sentences.Select(s => s.Label).ToArray();
        var optimizer = new Adam(network.TrainableParameters(), new AdamOptions { LearningRate = 0.01f });
        network.Train();
        for (int step = 0; step < 40; step++)
        {
            network.ZeroGrad();
            using (new Tape()) Ops.CrossEntropy(network.Forward(ids, batch, steps, lengths), targets).Backward();
            optimizer.Step();
        }
        network.Eval();
        return network;
    }
}
