namespace Recurrent.Tests.EndToEnd;

/// <summary>The repository's own open data (data/, examples/) and the optional ../shared/data sets, by name.</summary>
internal static class BundledData
{
    private static readonly string Data = Path.Combine(RnnProcess.RepositoryRoot, "data");

    /// <summary>UCI sentiment sentences: text, a tab, 0 or 1; 1,000 lines each.</summary>
    public static string Amazon { get; } = Path.Combine(Data, "sentiment_uci", "amazon_cells_labelled.txt");

    public static string Imdb { get; } = Path.Combine(Data, "sentiment_uci", "imdb_labelled.txt");

    public static string Yelp { get; } = Path.Combine(Data, "sentiment_uci", "yelp_labelled.txt");

    /// <summary>All three UCI files as repeated <c>--data</c> options.</summary>
    public static IReadOnlyList<string> AllUci { get; } = ["--data", Amazon, "--data", Imdb, "--data", Yelp];

    /// <summary>tiny-shakespeare, 1,115,394 characters.</summary>
    public static string Shakespeare { get; } = Path.Combine(Data, "tinyshakespeare", "input.txt");

    /// <summary>The exercise specs for <c>rnn trace</c> in examples/.</summary>
    public static IReadOnlyList<string> ExerciseSpecs { get; } =
        Directory.GetFiles(Path.Combine(RnnProcess.RepositoryRoot, "examples"), "*.json").Order(StringComparer.Ordinal).ToList();

    /// <summary>A file of ../shared/data, or null when that folder is absent.</summary>
    public static string? Shared(params string[] parts) =>
        RnnProcess.SharedData is { } root ? Path.Combine([root, .. parts]) : null;

    /// <summary>The 25-dimensional GloVe Twitter subset of ../shared/data (null when absent).</summary>
    public static string? Glove => Shared("glove_twitter_25d_subset", "glove.twitter.27B.25d.common11925.txt");
}
