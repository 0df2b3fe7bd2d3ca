using Recurrent.Layers;

namespace Recurrent.Tests.Layers;

public class ParameterSummaryTests
{
    /// <summary>A frozen 1000 × 16 embedding feeding a 16 → 5 projection.</summary>
    private sealed class Tagger : Module
    {
        public Tagger(Rng rng)
        {
            AddModule("embedding", new Embedding(new EmbeddingOptions { VocabularySize = 1000, Dimension = 16, Frozen = true }, rng));
            AddModule("output", new Linear(16, 5, rng));
        }
    }

    [Fact]
    public void Summary_lists_each_parameter_with_its_shape_count_and_trainability()
    {
        var summary = ParameterSummary.Of(new Tagger(new Rng(50)));
        Assert.Equal(["embedding.weight", "output.weight", "output.bias"], summary.Rows.Select(r => r.Name));
        Assert.Equal([1000, 16], summary.Rows[0].Shape);
        Assert.Equal([16_000L, 80L, 5L], summary.Rows.Select(r => r.Count));
        Assert.Equal([false, true, true], summary.Rows.Select(r => r.Trainable));
    }

    [Fact]
    public void Summary_totals_split_into_trainable_and_non_trainable()
    {
        var summary = ParameterSummary.Of(new Tagger(new Rng(51)));
        Assert.Equal(16_085, summary.Total);
        Assert.Equal(85, summary.Trainable);
        Assert.Equal(16_000, summary.NonTrainable);
    }

    [Fact]
    public void Summary_renders_a_plain_text_table()
    {
        string expected = string.Join("\n",
            "Module: Tagger",
            "_______________________________________________",
            "Parameter        | Shape      | Parameters",
            "===============================================",
            "embedding.weight | [1000, 16] | 16,000 (frozen)",
            "output.weight    | [5, 16]    | 80",
            "output.bias      | [5]        | 5",
            "===============================================",
            "Total parameters: 16,085",
            "Trainable parameters: 85",
            "Non-trainable parameters: 16,000",
            "_______________________________________________");
        Assert.Equal(expected, ParameterSummary.Of(new Tagger(new Rng(52))).ToString().ReplaceLineEndings("\n"));
    }
}
