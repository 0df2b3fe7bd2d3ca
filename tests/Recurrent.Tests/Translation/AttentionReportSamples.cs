namespace Recurrent.Tests.Translation;

/// <summary>Translations built by hand for the attention report tests, with and without the &lt;eos&gt; row.</summary>
internal static class AttentionReportSamples
{
    /// <summary>"Hello world ." → "Hallo Welt ." with a row for the &lt;eos&gt; step: [4 steps][3 source tokens].</summary>
    public static Recurrent.Tasks.Translation.Translation HelloWorld { get; } = new(
        "Hello world.", ["hello", "world", "."], "Hallo Welt.", ["hallo", "welt", "."], -0.42,
        [[0.9f, 0.06f, 0.04f], [0.1f, 0.8f, 0.1f], [0.02f, 0.08f, 0.9f], [0.2f, 0.2f, 0.6f]]);

    /// <summary>"I am tired ." → "Ich bin müde ." without an &lt;eos&gt; row, a token that occurs twice on each side.</summary>
    public static Recurrent.Tasks.Translation.Translation Tired { get; } = new(
        "I am tired, tired.", ["i", "am", "tired", ",", "tired", "."], "Ich bin müde, müde.", ["ich", "bin", "müde", ",", "müde", "."], -1.5,
        [
            [0.85f, 0.05f, 0.025f, 0.025f, 0.025f, 0.025f],
            [0.05f, 0.85f, 0.025f, 0.025f, 0.025f, 0.025f],
            [0.025f, 0.025f, 0.85f, 0.05f, 0.025f, 0.025f],
            [0.025f, 0.025f, 0.05f, 0.85f, 0.025f, 0.025f],
            [0.025f, 0.025f, 0.025f, 0.05f, 0.85f, 0.025f],
            [0.025f, 0.025f, 0.025f, 0.025f, 0.05f, 0.85f],
        ]);

    /// <summary>A translation of a model without attention: its matrix is empty.</summary>
    public static Recurrent.Tasks.Translation.Translation WithoutAttention { get; } = new("Thank you.", ["thank", "you", "."], "Danke.", ["danke", "."], -0.7, []);
}
