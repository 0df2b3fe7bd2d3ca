using System.Text.Json.Nodes;

namespace Recurrent.Tests.EndToEnd;

/// <summary>
/// <c>rnn train classify --pretrained … --pretrained-vocabulary all --pretrained-mode concat</c> through the built program, and the
/// saved model through <c>evaluate</c>, <c>predict</c> and <c>summary</c>. Needs the shared GloVe file; skips without it.
/// </summary>
[Collection(ParallelEndToEndCollection.Name)]
public sealed class PretrainedEmbeddingEndToEndTests : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), $"rnn-e2e-pretrained-{Guid.NewGuid():N}");

    public PretrainedEmbeddingEndToEndTests() => Directory.CreateDirectory(root);

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public void A_concat_model_with_the_pretrained_vocabulary_trains_saves_and_serves()
    {
        if (RnnProcess.SharedData is not { } shared) return;
        string glove = Path.Combine(shared, "glove_twitter_25d_subset", "glove.twitter.27B.25d.common11925.txt");
        string uci = Path.Combine(RnnProcess.RepositoryRoot, "data", "sentiment_uci");
        string model = Path.Combine(root, "model");

        var train = RnnProcess.Succeeds(
        [
            "train", "classify", "--data", Path.Combine(uci, "amazon_cells_labelled.txt"), "--model", "lstm", "--bidirectional",
            "--hidden", "32", "--pretrained", glove, "--pretrained-vocabulary", "all", "--pretrained-mode", "concat", "--embedding-dim", "16",
            "--epochs", "2", "--out", model,
        ], root);
        Assert.Contains("pretrained words they lack", train.Output);
        Assert.Contains("embedding 25 pretrained (frozen) + 16 trainable", train.Output);

        var architecture = JsonNode.Parse(File.ReadAllText(Path.Combine(model, "config.json")))!["architecture"]!;
        Assert.Equal("concat", architecture["pretrained_mode"]!.GetValue<string>());
        Assert.Equal(16, architecture["embedding_dimension"]!.GetValue<int>());
        Assert.Equal(25, architecture["pretrained_dimension"]!.GetValue<int>());
        var vocabulary = File.ReadAllLines(Path.Combine(model, "vocab.txt"));
        Assert.Contains("mortgage", vocabulary);   // a GloVe word that no Amazon review uses
        Assert.Equal(architecture["vocabulary_size"]!.GetValue<int>(), vocabulary.Length);

        var evaluate = RnnProcess.Succeeds(["evaluate", model, "--data", Path.Combine(uci, "yelp_labelled.txt"), "--json"], root);
        double accuracy = JsonNode.Parse(evaluate.Output)!["accuracy"]!.GetValue<double>();
        Assert.InRange(accuracy, 0.0, 1.0);

        var predict = RnnProcess.Succeeds(["predict", model, "a mortgage and parliament", "--json"], root);
        Assert.Equal(2, JsonNode.Parse(predict.Output)![0]!["probabilities"]!.AsObject().Count);

        var summary = RnnProcess.Succeeds(["summary", model], root);
        Assert.Contains("pretrained_embedding.weight", summary.Output);
        Assert.Contains("concat", summary.Output);
    }
}
