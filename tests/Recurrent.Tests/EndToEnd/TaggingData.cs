namespace Recurrent.Tests.EndToEnd;

/// <summary>The bundled toy corpora of data/tagging (CC0, made by its make_toy.py) that the tagging tests train on.</summary>
internal static class TaggingData
{
    /// <summary>360 sentences in 66 documents, CoNLL-2003's four columns, NER tags in IOB1.</summary>
    public static string Train { get; } = Path.Combine(RnnProcess.RepositoryRoot, "data", "tagging", "toy.train.conll");

    /// <summary>60 held-out sentences in 11 documents, the same layout.</summary>
    public static string Valid { get; } = Path.Combine(RnnProcess.RepositoryRoot, "data", "tagging", "toy.valid.conll");

    /// <summary>100 sentences in WNUT-17's token-tab-tag layout, IOB2.</summary>
    public static string Wnut { get; } = Path.Combine(RnnProcess.RepositoryRoot, "data", "tagging", "toy.wnut");
}
