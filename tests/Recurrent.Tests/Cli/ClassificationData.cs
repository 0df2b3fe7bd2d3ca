using System.Text;

namespace Recurrent.Tests.Cli;

/// <summary>
/// A temporary directory holding a tiny sentiment data set (short texts whose one sentiment word decides the label),
/// removed on dispose; the model directories of a test go in it too.
/// </summary>
internal sealed class ClassificationData : IDisposable
{
    private static readonly string[] Positive = ["good", "great", "fine", "lovely", "superb", "nice"];
    private static readonly string[] Negative = ["bad", "awful", "poor", "dull", "boring", "terrible"];
    private static readonly string[] Filler = ["movie", "film", "plot", "acting", "really", "very", "the", "a"];

    public string Root { get; } = Path.Combine(Path.GetTempPath(), $"rnn-cli-{Guid.NewGuid():N}");

    /// <summary>train.tsv: a header and 40 rows "text\tlabel", labels pos and neg alternating.</summary>
    public string Train { get; }

    public ClassificationData()
    {
        Directory.CreateDirectory(Root);
        Train = Write("train.tsv", Rows(40, seed: 0));
    }

    /// <summary>Writes a file in the temporary directory and returns its path.</summary>
    public string Write(string name, string content)
    {
        string path = Path.Combine(Root, name);
        File.WriteAllText(path, content);
        return path;
    }

    public string PathOf(string name) => Path.Combine(Root, name);

    /// <summary>"text\tlabel" and then <paramref name="count"/> labelled rows.</summary>
    public static string Rows(int count, int seed)
    {
        var text = new StringBuilder("text\tlabel\n");
        for (int i = 0; i < count; i++)
        {
            bool positive = i % 2 == 0;
            string[] words = positive ? Positive : Negative;
            int k = i + seed;
            text.Append($"{Filler[k % Filler.Length]} {words[k / 2 % words.Length]} {Filler[(k * 3 + 1) % Filler.Length]}\t{(positive ? "pos" : "neg")}\n");
        }
        return text.ToString();
    }

    /// <summary>The arguments of a quick training run: a small LSTM, two epochs.</summary>
    public string[] TrainArgs(string output, params string[] extra) => TrainArgs(output, 2, extra);

    public string[] TrainArgs(string output, int epochs, params string[] extra) =>
        ["train", "classify", "--data", Train, "--model", "lstm", "--hidden", "4", "--embedding-dim", "4", "--epochs", epochs.ToString(),
         "--batch-size", "8", "--out", output, .. extra];

    public void Dispose()
    {
        if (Directory.Exists(Root)) Directory.Delete(Root, recursive: true);
    }
}
