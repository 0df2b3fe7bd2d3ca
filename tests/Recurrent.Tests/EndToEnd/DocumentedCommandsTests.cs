using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Recurrent.Tests.EndToEnd;

/// <summary>
/// Every command line that README.md and docs/*.md show is run through the built <c>rnn</c>, as a reader would paste it:
/// <c>rnn ARGS</c> and <c>dotnet run … -- ARGS</c> both start the executable with ARGS, in a fresh working folder that
/// holds the files and models the docs name (tables below), with training budgets cut to seconds. A documented command
/// that fails is a failing test; output shown under a <c>$ </c> prompt must be what the program prints. A new line in
/// the docs becomes a new test case by itself; one this test cannot run must be listed in <see cref="Exemptions"/>.
/// </summary>
[Collection(DocumentedCommandsCollection.Name)]
public sealed partial class DocumentedCommandsTests(TrainedModels models)
{
    /// <summary>What the docs' names stand for when their commands run.</summary>
    private static readonly IReadOnlyList<Placeholder> Placeholders =
    [
        // The docs' D=../shared/data, G=…, U=…: a command that uses one runs only where ../shared/data is present.
        new(Stands.Shared, "$G", "glove_twitter_25d_subset/glove.twitter.27B.25d.common11925.txt"),
        new(Stands.Shared, "$U", "sentiment_uci"),
        new(Stands.Shared, "$D", ""),
        // Files the docs name, written into each command's working folder from the bundled open data.
        new(Stands.File, "reviews.tsv", "data/sentiment_uci: the Amazon and Yelp sentences (2,000, tab-separated text and 0/1)",
            Content: () => File.ReadAllText(BundledData.Amazon) + File.ReadAllText(BundledData.Yelp)),
        new(Stands.File, "test.tsv", "data/sentiment_uci: the IMDb sentences (1,000, same labels)", Content: () => File.ReadAllText(BundledData.Imdb)),
        new(Stands.File, "news.csv", "the Amazon sentences in AG News' columns: label, title (the first three words), description (the rest)",
            Content: NewsColumns),
        new(Stands.File, "pairs.tsv", "Translation/Fixtures/phrase_book.tsv: 248 short English-German sentence pairs (Tatoeba)",
            Content: () => File.ReadAllText(Translation.TranslationFixture.PhraseBook)),
        new(Stands.File, "sines.csv", "rnn generate-series sines --length 2000 --noise 0.1: three sines and noise, columns step,value",
            Content: ForecastingData.SinesCsv),
        new(Stands.File, "sine.csv", "rnn generate-series sine --length 1000: a noiseless sine of period 50", Content: ForecastingData.SineCsv),
        new(Stands.File, "sentences.txt", "two sentences to tag, one per line, tokens separated by spaces",
            Content: () => "Nina Duarte visited Chile on Saturday .\nShares of Acme rose in Lima .\n"),
        new(Stands.File, "texts.txt", "three unlabelled reviews, one per line",
            Content: () => "a wonderful film\ndull and far too long\nthe battery died after a week\n"),
        new(Stands.File, "some-other-play.txt", "the last 20,000 characters of tiny-shakespeare",
            Content: () => File.ReadAllText(BundledData.Shakespeare)[^20_000..]),
        new(Stands.File, "bad.json", "an LSTM spec whose weight_hh_l0 is [1, 4] instead of [4, 1] (the error docs/trace.md shows)",
            Content: () => """{ "cell": "lstm", "input_size": 1, "hidden_size": 1, "weights": { "weight_ih_l0": [[1], [1], [1], [1]], "weight_hh_l0": [[1, 1, 1, 1]] }, "inputs": [[[1]]] }"""),
        // The repository's folders, linked into the working folder: relative paths read as from the repository root.
        new(Stands.Link, "data", "the repository's data/ (tiny-shakespeare, UCI sentiment)"),
        new(Stands.Link, "examples", "the repository's examples/ (the exercise specs)"),
        new(Stands.Link, "tests", "the repository's tests/ (ONNX's backend node tests in tests/Recurrent.Tests/Onnx/BackendNodeTests)"),
        // Models the docs use, copied in for commands that read them (commands that train or import start without them).
        new(Stands.Model, "models/reviews", "a small LSTM sentiment classifier trained on reviews.tsv's sentences", Model: m => m.Classifier),
        new(Stands.Model, "models/quickstart", "a small character LSTM trained on tiny-shakespeare for seconds", Model: m => m.LanguageModel),
        new(Stands.Model, "models/shakespeare", "the same character LSTM", Model: m => m.LanguageModel),
        new(Stands.Model, "models/translator", "a tiny English-German translator trained on pairs.tsv", Model: m => m.Translator),
        new(Stands.Model, "models/sines", "a small LSTM forecaster (horizon 12, look-back 100) trained on sines.csv", Model: m => m.Forecaster),
        new(Stands.Model, "models/ner", "a small Bi-LSTM-CNN-CRF tagger trained on data/tagging/toy.train.conll", Model: m => m.Tagger),
        new(Stands.Model, "models/sentiment", "an rnn compare classify directory: rnn, lstm, bilstm and tfidf trained on reviews.tsv's sentences",
            Model: m => m.Comparison),
        new(Stands.Model, "models/attention", "a small GRU classifier with attention pooling trained on reviews.tsv's sentences",
            Model: m => m.AttentionClassifier),
        new(Stands.Model, "models/gru", "ONNX's backend test_gru_seq_length imported by rnn import --onnx, its trace spec inside as trace.json",
            Model: m => m.ImportedGru),
        // Damaged copies of them, for docs/errors.md.
        new(Stands.Model, "models/unknown-cell", "the classifier with \"cell\": \"transformer\" in config.json", Model: m => m.Classifier,
            Damage: folder => EditConfig(folder, config => config["architecture"]!["cell"] = "transformer")),
        new(Stands.Model, "models/same-labels", "the classifier with the labels [\"1\", \"1\"]", Model: m => m.Classifier,
            Damage: folder => EditConfig(folder, config => config["labels"] = new JsonArray("1", "1"))),
        new(Stands.Model, "models/nan-weights", "the classifier with a NaN among its weights", Model: m => m.Classifier,
            Damage: folder => SetFirstWeight(folder, float.NaN)),
        new(Stands.Model, "models/huge-weights", "the classifier with a weight of 5e30 (a flipped exponent bit)", Model: m => m.Classifier,
            Damage: folder => SetFirstWeight(folder, 5e30f)),
        new(Stands.Model, "models/truncated", "the classifier with model.safetensors cut to its first 1,000 bytes", Model: m => m.Classifier,
            Damage: folder => Truncate(Path.Combine(folder, "model.safetensors"), 1000)),
        new(Stands.Model, "models/no-vocabulary", "the character LSTM without its vocab.txt", Model: m => m.LanguageModel,
            Damage: folder => File.Delete(Path.Combine(folder, "vocab.txt"))),
        // Files a user had in a folder before training into it.
        new(Stands.File, "notes/model.safetensors", "a file of the user's own that a run would overwrite", Content: () => "my own weights\n"),
        new(Stands.Model, "models/reviews-pytorch", "models/reviews as rnn export --pytorch writes it, with state.safetensors: its weights named " +
            "as DistributedDataParallel saves them (module.…)", Model: m => m.Classifier, Damage: ExportToPyTorch),
        new(Stands.Model, "models/reviews-imported", "models/reviews-pytorch/state.safetensors brought back by rnn import --pytorch: models/reviews",
            Model: m => m.Classifier),
    ];

    /// <summary>Documented commands that are not run, each with the reason. Every entry must still be in the docs.</summary>
    private static readonly IReadOnlyList<Exemption> Exemptions =
    [
        new("rnn generate --length 20000",
            "half of a measurement (the time of `--length 20000` minus that of `--length 1`) that names no model; " +
            "generation itself runs in the `rnn generate models/quickstart …` lines"),
    ];

    /// <summary>The commands of the program, as their first words.</summary>
    private static readonly IReadOnlyList<string[]> Commands =
    [
        ["train", "classify"], ["train", "lm"], ["train", "translate"], ["train", "forecast"], ["compare", "classify"], ["compare", "translate"],
        ["compare", "forecast"], ["train", "tag"], ["compare", "tag"], ["generate-series"], ["forecast"], ["quickstart"],
        ["generate"], ["translate"], ["evaluate"], ["predict"], ["summary"], ["trace"], ["bench"], ["explain"], ["compare", "explain"], ["inspect"],
        ["gradient-flow"], ["report"], ["export"], ["import"], ["train"], ["compare"],
    ];

    private static readonly Lazy<IReadOnlyList<DocumentedCase>> AllCases = new(() => Plan(DocumentedCommand.ReadAll(RnnProcess.RepositoryRoot)));

    public static TheoryData<CaseText, CaseText> RunnableCommands() => CasesOf(Check.Run, shared: false);

    public static TheoryData<CaseText, CaseText> RunnableCommandsOnSharedData() => CasesOf(Check.Run, shared: true);

    public static TheoryData<CaseText, CaseText> Synopses() => CasesOf(Check.Help, shared: false);

    [Theory]
    [MemberData(nameof(RunnableCommands))]
    public void Documented_command_runs(CaseText command, CaseText source) => Run(Find(Check.Run, command.Value, source.Value));

    [SharedDataTheory]
    [MemberData(nameof(RunnableCommandsOnSharedData))]
    public void Documented_command_on_shared_data_runs(CaseText command, CaseText source) => Run(Find(Check.Run, command.Value, source.Value));

    /// <summary>
    /// A synopsis (<c>rnn train lm --data FILE [--level char|word] …</c>), a command elided with <c>…</c>, or a command
    /// named in prose without arguments (<c>`rnn train lm`</c>): the command exists and has every option shown.
    /// </summary>
    [Theory]
    [MemberData(nameof(Synopses))]
    public void Documented_synopsis_names_a_command_and_options_that_exist(CaseText command, CaseText source)
    {
        var synopsis = Find(Check.Help, command.Value, source.Value);
        var run = RnnProcess.Succeeds(synopsis.Arguments, RnnProcess.RepositoryRoot);
        foreach (string option in synopsis.Options)
            Assert.True(Regex.IsMatch(run.Output, $@"(?<![\w-]){Regex.Escape(option)}(?![\w-])"),
                $"{source}: `{command}` shows {option}, which `rnn {string.Join(' ', synopsis.Arguments)}` does not list:\n{run.Output}");
    }

    [Fact]
    public void Every_documented_command_is_run_or_exempted_with_a_reason()
    {
        var unhandled = AllCases.Value.Where(c => c.Check == Check.Unhandled).Select(c => $"{c.Sources}: {c.Name} ({c.Reason})").ToList();
        Assert.True(unhandled.Count == 0,
            "Documented commands that this test can neither run nor check; make them runnable (see the tables in DocumentedCommandsTests) " +
            "or add them to Exemptions with the reason:\n" + string.Join('\n', unhandled));

        var documented = DocumentedCommand.ReadAll(RnnProcess.RepositoryRoot).Select(c => c.Documented).ToHashSet();
        Assert.All(Exemptions, exemption => Assert.True(documented.Contains(exemption.Documented),
            $"The exemption '{exemption.Documented}' matches no documented command any more: remove it."));
    }

    private void Run(DocumentedCase command)
    {
        using var folder = new ScratchDirectory("doc");
        Prepare(folder.Root, command.Arguments);
        string[] args = Shorten(command.Arguments.Select(Substitute).ToList());
        var run = RnnProcess.Run(args, folder.Root, TimeSpan.FromMinutes(3));
        string description = $"{command.Sources}: {command.Name}\nran as {run.Describe(args)}";

        if (command.Output is [var line, ..] && line.StartsWith("error:", StringComparison.Ordinal))
        {
            // RNN_DOCS_RECORD=FILE collects what each documented error command printed, to refresh docs/errors.md from.
            if (Environment.GetEnvironmentVariable("RNN_DOCS_RECORD") is { Length: > 0 } record)
                lock (Placeholders) File.AppendAllText(record, $"$ {command.Name}\n{run.Error.TrimEnd()}\n[exit {run.ExitCode}]\n\n");
            // The docs may give another exit code on the next line, as "[exit 3]"; 2, that of bad input, goes without saying.
            int exitCode = command.Output is [_, var next, ..] && ExitCodeLine().Match(next) is { Success: true } shown
                ? int.Parse(shown.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 2;
            Assert.True(run.ExitCode == exitCode, description);
            Assert.Equal(line, run.Error.TrimEnd());
            return;
        }
        Assert.True(run.ExitCode == 0, description);
        AssertShownOutput(command.Output, run.Output, description);
    }

    /// <summary>
    /// The output a page shows, line by line, is in what the program printed: each stretch between <c>...</c> lines
    /// appears there whole and in order (the docs leave out parts with <c>...</c>).
    /// </summary>
    private static void AssertShownOutput(IReadOnlyList<string> shown, string printed, string description)
    {
        string[] lines = printed.Replace("\r\n", "\n").Split('\n').Select(l => l.TrimEnd()).ToArray();
        int position = 0;
        var stretch = new List<string>();
        foreach (string line in shown.Append("..."))
        {
            if (line != "...")
            {
                stretch.Add(line);
                continue;
            }
            if (stretch.Count == 0) continue;
            int found = Enumerable.Range(position, Math.Max(0, lines.Length - stretch.Count - position + 1))
                .FirstOrDefault(at => stretch.Select((s, k) => lines[at + k] == s).All(same => same), -1);
            string? missing = stretch.FirstOrDefault(line => !lines.Contains(line));
            Assert.True(found >= 0, $"the docs show lines the program did not print {(missing is null ? "in this order" : $"(first: '{missing}')")}:\n" +
                $"{string.Join('\n', stretch)}\n{description}");
            position = found + stretch.Count;
            stretch.Clear();
        }
    }

    /// <summary>Makes <paramref name="folder"/> look as the docs assume: their files, the repository's folders, and the models the command reads.</summary>
    private void Prepare(string folder, IReadOnlyList<string> args)
    {
        foreach (var file in Placeholders.Where(p => p.Kind == Stands.File))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(folder, file.Name))!);
            File.WriteAllText(Path.Combine(folder, file.Name), file.Content!());
        }
        foreach (var link in Placeholders.Where(p => p.Kind == Stands.Link))
            Directory.CreateSymbolicLink(Path.Combine(folder, link.Name), Path.Combine(RnnProcess.RepositoryRoot, link.Name));

        if (args is ["train", ..] or ["quickstart", ..] or ["compare", not "explain", ..]) return;
        // What a command writes (--out DIR, export's --pytorch OUTDIR, and files inside them such as import's --trace-spec) must
        // not exist yet.
        static string ModelRoot(string path) => string.Join('/', path.Split('/').Take(2));
        var written = args.Where((_, i) => i > 0 && (args[i - 1] == "--out" || (args[0] == "export" && args[i - 1] == "--pytorch")))
            .Select(ModelRoot).ToHashSet();
        foreach (string path in args.Where(a => a.StartsWith("models/", StringComparison.Ordinal)).Select(ModelRoot).Distinct()
                     .Where(root => !written.Contains(root)))
        {
            var model = Placeholders.FirstOrDefault(p => p.Kind == Stands.Model && p.Name == path);
            Assert.True(model is not null, $"{path} is used by a documented command but is not in the Placeholders table");
            TrainedModels.Copy(model.Model!(models), Path.Combine(folder, path));
            model.Damage?.Invoke(Path.Combine(folder, path));
        }
    }

    private static string Substitute(string word)
    {
        foreach (var shared in Placeholders.Where(p => p.Kind == Stands.Shared))
            if (word.StartsWith(shared.Name, StringComparison.Ordinal))
                return Path.Combine(RnnProcess.SharedData!, shared.Description) + word[shared.Name.Length..];
        return word;
    }

    /// <summary>
    /// Cuts a documented training budget to seconds: <c>--epochs</c> 1 and <c>--time-limit 3s</c> (added when absent) for
    /// training commands (a forecaster's always one epoch, and one seed of a comparison; two variants of a tagger comparison), <c>--time 3s</c> for
    /// quickstart, <c>--eval-every 2s</c> for a duration, and for bench
    /// <c>--seconds 0.05</c> and, for the standard grid (no size given), only its three Elman rows (<c>--cell rnn</c>).
    /// </summary>
    private static string[] Shorten(List<string> args)
    {
        void Set(string option, string value)
        {
            int at = args.IndexOf(option);
            if (at >= 0 && at + 1 < args.Count) args[at + 1] = value;
            else args.AddRange([option, value]);
        }
        bool training = args is ["train", ..] or ["compare", not "explain", ..];
        if (training)
        {
            // A forecaster trains up to 200 short epochs by default: one is enough to run the command, and one seed of a comparison.
            bool forecasting = args is [_, "forecast", ..];
            if (args.Contains("--epochs") || forecasting) Set("--epochs", "1");
            if (forecasting && args.Contains("--seeds")) Set("--seeds", "1");
            // A tagger comparison trains four variants by default: two show that it compares.
            if (args is ["compare", "tag", ..] && !args.Contains("--variants")) Set("--variants", "full,softmax");
            // A translator validates and a comparison scores with beam 5 on the held-out tenth of the data: a fiftieth
            // and two attention variants are enough to run the command.
            if (args is [_, "translate", ..] && !args.Contains("--valid")) Set("--valid-split", "0.02");
            if (args is ["compare", "translate", ..] && args.IndexOf("--attention") is var at and >= 0 && at + 1 < args.Count)
                args[at + 1] = string.Join(',', args[at + 1].Split(',').Take(2));
            Set("--time-limit", "3s");
        }
        int evalEvery = args.IndexOf("--eval-every");
        if (evalEvery >= 0 && evalEvery + 1 < args.Count && char.IsLetter(args[evalEvery + 1][^1])) args[evalEvery + 1] = "2s";
        if (args is ["quickstart", ..]) Set("--time", "3s");
        if (args is ["bench", ..])
        {
            bool sized = args.Any(a => a is "--batch" or "--seq" or "--input" or "--hidden" or "--layers" or "--bidirectional");
            if (!sized && !args.Contains("--cell") && !args.Contains("--mode")) Set("--cell", "rnn");
            Set("--seconds", "0.05");
        }
        return [.. args];
    }

    private static TheoryData<CaseText, CaseText> CasesOf(Check check, bool shared)
    {
        var data = new TheoryData<CaseText, CaseText>();
        foreach (var c in AllCases.Value.Where(c => c.Check == check && c.NeedsSharedData == shared)) data.Add(new(c.Name), new(c.Sources));
        return data;
    }

    private static DocumentedCase Find(Check check, string name, string sources) =>
        AllCases.Value.Single(c => c.Check == check && c.Name == name && c.Sources == sources);

    /// <summary>
    /// Decides for each documented command what is checked: an exempted one nothing; a synopsis, an elided command or a
    /// bare command name in prose its <c>--help</c>; any other is run, once without and once with its optional
    /// <c>[…]</c> parts. The same text in several places is one case that names all of them.
    /// </summary>
    private static IReadOnlyList<DocumentedCase> Plan(IReadOnlyList<DocumentedCommand> commands)
    {
        var cases = new List<DocumentedCase>();
        foreach (var command in commands)
        {
            if (Exemptions.FirstOrDefault(e => e.Documented == command.Documented) is { } exemption)
            {
                cases.Add(new DocumentedCase(command.Text, command.Source, Check.Exempt, [], [], false, [], exemption.Reason));
                continue;
            }
            if (!DocumentedCommand.IsCommand(command.Text))
            {
                cases.Add(new DocumentedCase(command.Text, command.Source, Check.Unhandled, [], [], false, [], "a fragment with no full command above it"));
                continue;
            }
            var words = ShellWord.Split(command.Text);
            var args = words.SkipWhile(w => w.Text != "rnn" && w.Text != "--").Skip(1).ToList();
            string[] path = Commands.FirstOrDefault(c => args.Take(c.Length).Select(w => w.Text).SequenceEqual(c)) ?? [];
            bool synopsis = args.Any(w => !w.Quoted && (PlaceholderWord().IsMatch(w.Text.Trim('[', ']')) || w.Text.Contains('|') || w.Text.Contains('…')));
            if (synopsis || (command.InProse && args.Count == path.Length))
            {
                string[] options = args.Where(w => !w.Quoted).Select(w => w.Text.Trim('[', ']', '…')).Where(t => t.StartsWith("--", StringComparison.Ordinal)).ToArray();
                cases.Add(new DocumentedCase(command.Text, command.Source, Check.Help, [.. path, "--help"], options, false, [], null));
                continue;
            }
            bool shared = args.Any(w => w.Text.StartsWith('$'));
            foreach (var variant in OptionalVariants(args))
                cases.Add(new DocumentedCase(variant.Name, command.Source, Check.Run, variant.Arguments, [], shared, command.Output, null));
        }
        return cases.GroupBy(c => (c.Check, c.Name))
            .Select(group => group.MaxBy(c => c.Output.Count)! with { Sources = string.Join(", ", group.Select(c => c.Sources).Distinct()) })
            .ToList();
    }

    /// <summary>
    /// A command with optional parts (<c>rnn evaluate models/reviews --data test.tsv [--json]</c>) runs without them and with all of
    /// them; its name is the program's command line (<c>rnn …</c>) of each.
    /// </summary>
    private static IEnumerable<(string Name, string[] Arguments)> OptionalVariants(List<ShellWord> args)
    {
        var required = new List<string>();
        var all = new List<string>();
        bool optional = false, anyOptional = false;
        foreach (var word in args)
        {
            string text = word.Text;
            if (!word.Quoted && text.StartsWith('['))
            {
                optional = anyOptional = true;
                text = text[1..];
            }
            bool closes = !word.Quoted && text.EndsWith(']');
            if (closes) text = text[..^1];
            all.Add(text);
            if (!optional) required.Add(text);
            if (closes) optional = false;
        }
        yield return (Name(required), [.. required]);
        if (anyOptional) yield return (Name(all), [.. all]);

        static string Name(IEnumerable<string> words) =>
            "rnn " + string.Join(' ', words.Select(w => w.Length == 0 || w.Any(char.IsWhiteSpace) || w.Contains('\\') ? $"\"{w}\"" : w));
    }

    /// <summary>An all-capitals word such as FILE, DIR, TEXT, N: a synopsis' placeholder.</summary>
    [GeneratedRegex("^[A-Z][A-Z0-9_]*$")]
    private static partial Regex PlaceholderWord();

    /// <summary>A name in the docs: what kind of thing it stands for, and (a path under ../shared/data, or) a description.</summary>
    private sealed record Placeholder(Stands Kind, string Name, string Description, Func<string>? Content = null,
        Func<TrainedModels, string>? Model = null, Action<string>? Damage = null);

    [GeneratedRegex(@"^\[exit (\d+)\]$")]
    private static partial Regex ExitCodeLine();

    /// <summary>The Amazon sentences as a csv file with a header and AG News' columns: label, title, description.</summary>
    private static string NewsColumns()
    {
        var rows = File.ReadAllLines(BundledData.Amazon).Where(line => line.Contains('\t')).Select(line =>
        {
            string[] fields = line.Split('\t');
            string[] words = fields[0].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return $"{fields[1].Trim()},{Quote(string.Join(' ', words.Take(3)))},{Quote(string.Join(' ', words.Skip(3)))}";
        });
        return "label,title,description\n" + string.Join('\n', rows) + "\n";

        static string Quote(string field) => '"' + field.Replace("\"", "\"\"") + '"';
    }

    private static void EditConfig(string folder, Action<JsonNode> edit)
    {
        string path = Path.Combine(folder, "config.json");
        var config = JsonNode.Parse(File.ReadAllText(path))!;
        edit(config);
        File.WriteAllText(path, config.ToJsonString());
    }

    private static void SetFirstWeight(string folder, float value)
    {
        string path = Path.Combine(folder, "model.safetensors");
        var tensors = Recurrent.Serialization.SafeTensors.Read(path).Tensors.ToDictionary(t => t.Key, t => t.Value);
        string name = tensors.Keys.Order().First();
        float[] values = tensors[name].ReadOnlySpan.ToArray();
        values[0] = value;
        tensors[name] = new Tensor(values, tensors[name].Shape);
        Recurrent.Serialization.SafeTensors.Save(path, tensors);
    }

    /// <summary>Replaces a copy of a model with its PyTorch export, and adds state.safetensors: its weights with DistributedDataParallel's names.</summary>
    private static void ExportToPyTorch(string folder)
    {
        string model = folder + ".model";
        Directory.Move(folder, model);
        Recurrent.Interop.PyTorchExport.Write(model, folder);
        Directory.Delete(model, recursive: true);
        var weights = Recurrent.Serialization.StateDict.Read(Path.Combine(folder, "model.safetensors"));
        Recurrent.Serialization.SafeTensors.Save(Path.Combine(folder, "state.safetensors"),
            weights.Select(w => KeyValuePair.Create(Recurrent.Interop.PyTorchImport.ParallelPrefix + w.Key, w.Value)));
    }

    private static void Truncate(string path, int length)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Write);
        file.SetLength(length);
    }

    private enum Stands { Shared, File, Link, Model }

    private sealed record Exemption(string Documented, string Reason);

    private enum Check { Run, Help, Exempt, Unhandled }

    private sealed record DocumentedCase(string Name, string Sources, Check Check, string[] Arguments, string[] Options,
        bool NeedsSharedData, IReadOnlyList<string> Output, string? Reason);
}
