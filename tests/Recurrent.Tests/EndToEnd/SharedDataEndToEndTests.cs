namespace Recurrent.Tests.EndToEnd;

/// <summary>
/// <c>rnn train classify</c> on the larger sets of ../shared/data, each in its own layout: a folder per class (names),
/// csv (AG News), label-first with pretrained vectors (SST-2). Read in place, never copied: some are not openly licensed.
/// Skipped where ../shared/data is absent.
/// </summary>
[Collection(ParallelEndToEndCollection.Name)]
public sealed class SharedDataEndToEndTests : IDisposable
{
    private readonly ScratchDirectory scratch = new("shared");

    public void Dispose() => scratch.Dispose();

    [SharedDataFact]
    public void Names_in_a_folder_per_language_train_a_character_model_with_18_labels()
    {
        var model = new ModelDirectory(scratch.PathOf("names"));
        RnnProcess.Succeeds(["train", "classify", "--data", BundledData.Shared("names")!, "--format", "folder", "--level", "char",
                             "--model", "gru", "--hidden", "32", "--embedding-dim", "16", "--epochs", "2", "--lr", "0.005", "--quiet",
                             "--out", model.Folder], scratch.Root);

        Assert.Equal(18, model.Config["labels"]!.AsArray().Count);
        Assert.Equal("character", (string?)model.Config["preprocessing"]!["level"]);
        Assert.InRange((double)model.Config["training"]!["validation_accuracy"]!, 0.5, 1.0); // the largest class (Russian) is 47%
    }

    [SharedDataFact]
    public void Ag_news_csv_trains_a_four_class_model_well_above_chance()
    {
        var model = new ModelDirectory(scratch.PathOf("agnews"));
        var run = RnnProcess.Succeeds(["train", "classify", "--data", BundledData.Shared("news_agnews_subset", "train_5000.csv")!,
                                       "--model", "gru", "--hidden", "32", "--embedding-dim", "32", "--epochs", "2", "--lr", "0.005",
                                       "--out", model.Folder], scratch.Root);

        Assert.Contains("format csv", run.Output);
        Assert.Equal(["0", "1", "2", "3"], model.Config["labels"]!.AsArray().Select(label => (string)label!));
        Assert.InRange((double)model.Config["training"]!["validation_accuracy"]!, 0.5, 1.0); // chance is 0.25
    }

    [SharedDataFact]
    public void Sst2_label_first_trains_on_frozen_glove_vectors()
    {
        var model = new ModelDirectory(scratch.PathOf("sst2"));
        var run = RnnProcess.Succeeds(["train", "classify", "--data", BundledData.Shared("sentiment_sst2_train", "stsa.binary.train")!,
                                       "--model", "lstm", "--hidden", "32", "--pretrained", BundledData.Glove!, "--freeze-embeddings",
                                       "--epochs", "1", "--lr", "0.005", "--out", model.Folder], scratch.Root);

        Assert.Contains("format label-first", run.Output);
        Assert.Equal(25, (int)model.Config["architecture"]!["embedding_dimension"]!);
        Assert.True((bool)model.Config["architecture"]!["freeze_embeddings"]!);
        Assert.EndsWith("glove.twitter.27B.25d.common11925.txt", (string?)model.Config["training"]!["pretrained_vectors"]);
        Assert.InRange((double)model.Config["training"]!["validation_accuracy"]!, 0.6, 1.0);
    }
}
