using System.Text.Json;
using Recurrent.Tasks.Translation;

namespace Recurrent.Bench;

/// <summary>
/// <c>bleu --hypotheses FILE --references FILE</c>: scores the translations bench/torch_seq2seq.py writes (one per line,
/// space-joined lower-cased tokens, e.g. hyp_beam5.txt) against its references.json (per line a list of references, the
/// same kind of tokens) with Recurrent's scorer (sacreBLEU's BLEU-4 and chrF2, lower-cased), so that the PyTorch
/// reference's figures come from the same scorer as Recurrent's own.
/// </summary>
public static class BleuCommand
{
    public static int Run(string[] args)
    {
        string? hypotheses = null, references = null;
        for (int i = 0; i + 1 < args.Length; i += 2)
            switch (args[i])
            {
                case "--hypotheses": hypotheses = args[i + 1]; break;
                case "--references": references = args[i + 1]; break;
                default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
            }
        if (hypotheses is null || references is null)
        {
            Console.Error.WriteLine("usage: bleu --hypotheses hyp_beam5.txt --references references.json");
            return 2;
        }
        foreach (string path in new[] { hypotheses, references })
            if (!File.Exists(path))
            {
                Console.Error.WriteLine($"{path} does not exist (bench/torch_seq2seq.py --mode train --out DIR writes DIR/hyp_beam5.txt and DIR/references.json).");
                return 2;
            }
        var lines = File.ReadAllLines(hypotheses);
        var groups = JsonSerializer.Deserialize<string[][]>(File.ReadAllText(references))!;
        if (lines.Length != groups.Length)
        {
            Console.Error.WriteLine($"{lines.Length} hypotheses but {groups.Length} reference lists.");
            return 2;
        }
        var scores = TranslationScores.Compute(lines, groups.Select(g => (IReadOnlyList<string>)g).ToArray(), lowercase: true);
        Console.WriteLine($"BLEU {scores.Bleu.Score:F2}  chrF {scores.ChrF.Score:F2}  exact match {scores.ExactMatch:P1}  sentences {scores.Sentences}");
        return 0;
    }
}
