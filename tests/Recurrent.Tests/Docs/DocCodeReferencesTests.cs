using System.Reflection;
using System.Text.RegularExpressions;
using Recurrent.Tests.EndToEnd;

namespace Recurrent.Tests.Docs;

/// <summary>
/// Every code reference in README.md and docs/*.md names something that exists, so that a rename or a move fails here
/// instead of leaving the docs pointing at nothing. A code reference is a backticked span in the prose (fenced code blocks
/// are examples, run or compiled elsewhere) of one of these forms:
/// <list type="bullet">
/// <item>a repository path, <c>src/Recurrent/Training/Trainer.cs</c>, a folder, or a glob in its last part
/// (<c>src/Recurrent/Recurrence/*Sequence.cs</c>), optionally with <c>:line</c> or <c>:first-last</c>: the file or folder
/// exists and has that many lines;</item>
/// <item>a C# file name, <c>Trainer.cs</c> or <c>GateMath.cs:111-189</c>: a file of that name exists under src/, tests/
/// or bench/, and one of them has that many lines; a build or script file name (<c>Directory.Build.props</c>,
/// <c>compare_torch.py</c>): a file of that name exists in the repository;</item>
/// <item>a qualified name, <c>Trainer.Fit</c>, <c>TrainerOptions.LearningRate</c>, <c>CellKind.Lstm</c>,
/// <c>Recurrent.Layers.Module</c> (generic arguments and a call's parentheses are ignored): the type exists in the
/// library, the CLI, the tests or the .NET libraries they use, and each further part is a member (of any accessibility)
/// or nested type of the one before;</item>
/// <item>a type-like name of two or more capitalised words, <c>LanguageModelStepper</c>, <c>ITrainingTask</c>: a type or
/// member of that name exists; a camelCase name of two or more words, <c>hiddenStates</c>: the identifier occurs in
/// src/;</item>
/// <item>a quoted code line, one that ends in <c>;</c> or is an assignment, <c>dPre[j] = (dhRow[j] + dOut[j]) * …</c>:
/// the text, with white space folded, occurs in a source file under src/ (a quote may end in … to stand for the rest);
/// a line written against the API by full names, <c>Recurrent.Tensors.Gemm.MaxThreads = 1;</c>, is an example, not a
/// quote: each full name in it must exist.</item>
/// </list>
/// Not code references: command lines and flags (<c>rnn …</c>, <c>--lr</c>, run by the documented-commands tests), JSON
/// keys and values, file names of a model directory (<c>config.json</c>), single words (<c>Trainer</c> reads as English
/// too), shell commands, paths outside the repository, and names under <c>System.</c> written out in full (.NET's own API
/// and runtime settings such as <c>System.GC.Name</c>, not this project's to keep current).
/// </summary>
public sealed partial class DocCodeReferencesTests
{
    private static readonly string Root = RnnProcess.RepositoryRoot;

    public static TheoryData<string> Documents()
    {
        var documents = new TheoryData<string> { "README.md" };
        foreach (string file in Directory.GetFiles(Path.Combine(Root, "docs"), "*.md").Order(StringComparer.Ordinal))
            documents.Add(Path.GetRelativePath(Root, file).Replace('\\', '/'));
        return documents;
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void Every_code_reference_names_something_that_exists(string document)
    {
        var missing = new List<string>();
        foreach (var (line, text) in BacktickedSpans(File.ReadAllText(Path.Combine(Root, document))))
        {
            string? problem = Check(text);
            if (problem is not null) missing.Add($"{document}:{line}: `{text}`: {problem}");
        }
        Assert.True(missing.Count == 0, $"{missing.Count} code references in {document} name nothing that exists:\n{string.Join("\n", missing)}");
    }

    [Theory]
    [InlineData("Trainer.Fit")]
    [InlineData("TrainerOptions.LearningRate")]
    [InlineData("Recurrent.Layers.Module")]
    [InlineData("src/Recurrent/Training/Trainer.cs")]
    [InlineData("src/Recurrent/Recurrence/*Sequence.cs")]
    [InlineData("Tensor.cs:10")]
    [InlineData("ITrainingTask")]
    [InlineData("InvalidOperationException")]
    [InlineData("if (!seq.IsActive(t, b))")]
    [InlineData("Directory.Build.props")]
    [InlineData("Recurrent.Tensors.Gemm.MaxThreads = 1;")]
    [InlineData("System.GC.Name")]
    [InlineData("config.json")]
    [InlineData("--lr")]
    public void A_reference_to_existing_code_passes(string reference) => Assert.Null(Check(reference));

    [Theory]
    [InlineData("LstmSequence.GateKernel")]
    [InlineData("Trainer.NoSuchMethod")]
    [InlineData("src/Recurrent/Training/NoSuchFile.cs")]
    [InlineData("Tensor.cs:100000")]
    [InlineData("NoSuchTypeAnywhere")]
    [InlineData("int noSuchVariable = 0;")]
    [InlineData("Recurrent.Tensors.Gemm.NoSuchSetting = 1;")]
    [InlineData("NoSuchBuild.props")]
    public void A_reference_to_missing_code_fails(string reference) => Assert.NotNull(Check(reference));

    /// <summary>The backticked spans of a markdown text outside fenced code blocks, with the line each starts on.</summary>
    private static IEnumerable<(int Line, string Text)> BacktickedSpans(string markdown)
    {
        var lines = markdown.Split('\n');
        bool fenced = false;
        var prose = new System.Text.StringBuilder();
        foreach (string line in lines)
        {
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal)) fenced = !fenced;
            // A fenced line is kept as an empty line, so that offsets still give line numbers.
            prose.Append(fenced || line.TrimStart().StartsWith("```", StringComparison.Ordinal) ? "" : line).Append('\n');
        }
        string text = prose.ToString();
        foreach (Match match in Span().Matches(text))
        {
            int line = 1 + text.AsSpan(0, match.Index).Count('\n');
            yield return (line, Regex.Replace(match.Groups[1].Value, @"\s+", " ").Trim());
        }
    }

    /// <summary>Null when <paramref name="text"/> is not a code reference or names something that exists; else what is missing.</summary>
    private static string? Check(string text)
    {
        if (RepositoryPath().Match(text) is { Success: true } path)
            return CheckPath(path.Groups["path"].Value, path.Groups["lines"].Value);
        if (SourceFileName().Match(text) is { Success: true } file)
            return CheckSourceFile(file.Groups["file"].Value, file.Groups["lines"].Value);
        if (BuildFileName().IsMatch(text))
            return Directory.EnumerateFiles(Root, text, SearchOption.AllDirectories).Any(f => !IsBuildOutput(f)) ? null
                : "no file of this name in the repository";
        if (CodeLine().IsMatch(text))
            return CheckCodeLine(text);
        if (text.StartsWith("System.", StringComparison.Ordinal))
            return null;
        if (QualifiedName().Match(text) is { Success: true } qualified)
            return CheckQualifiedName(qualified.Groups["name"].Value);
        if (TypeLikeName().IsMatch(text))
            return Code.TypeAndMemberNames.Contains(text) ? null : "no type or member has this name";
        if (CamelCaseName().IsMatch(text))
            return Regex.IsMatch(Code.SourceText, $@"\b{text}\b") ? null : "no identifier in src/ has this name";
        return null;
    }

    private static string? CheckPath(string path, string lines)
    {
        string full = Path.Combine(Root, path.TrimEnd('/'));
        string directory = Path.GetDirectoryName(full)!, name = Path.GetFileName(full);
        if (name.Contains('*'))
            return Directory.Exists(directory) && Directory.GetFiles(directory, name).Length > 0 ? null : "no file matches the pattern";
        if (Directory.Exists(full)) return lines.Length == 0 ? null : "a folder has no lines";
        if (!File.Exists(full)) return "no such file or folder";
        return CheckLines([full], lines);
    }

    private static string? CheckSourceFile(string name, string lines)
    {
        var files = new[] { "src", "tests", "bench" }
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(Root, folder), name, SearchOption.AllDirectories))
            .Where(f => !IsBuildOutput(f)).ToArray();
        return files.Length == 0 ? "no file of this name under src/, tests/ or bench/" : CheckLines(files, lines);
    }

    /// <summary>Null when one of <paramref name="files"/> reaches the last line of <paramref name="lines"/> ("94" or "111-189").</summary>
    private static string? CheckLines(string[] files, string lines)
    {
        if (lines.Length == 0) return null;
        int last = int.Parse(lines.Split('-')[^1]);
        int longest = files.Max(f => File.ReadLines(f).Count());
        return last <= longest ? null : $"the file has {longest} lines, not {last}";
    }

    private static string? CheckCodeLine(string text)
    {
        var fullNames = FullName().Matches(text).Select(m => m.Value).ToList();
        if (fullNames.Count > 0)
            return fullNames.Select(CheckQualifiedName).FirstOrDefault(problem => problem is not null);
        string quoted = Regex.Replace(text, @"\s+", " ").TrimEnd('…', '.', ' ');
        return Code.FoldedSource.Contains(quoted, StringComparison.Ordinal) ? null : "no source file under src/ has this line";
    }

    private static string? CheckQualifiedName(string name)
    {
        string[] parts = Regex.Replace(name, @"<[^<>]*>|\(.*\)$", "").Split('.');
        // The longest prefix that names a type: a full name (Recurrent.Layers.Module), a name under Recurrent (Layers.Module)
        // or a type's own name (Module).
        for (int typeParts = parts.Length; typeParts >= 1; typeParts--)
        {
            string prefix = string.Join('.', parts[..typeParts]);
            var types = Code.Types.Where(t => (t.FullName ?? "").Replace('+', '.') == prefix
                || (t.FullName ?? "").Replace('+', '.') == "Recurrent." + prefix
                || (typeParts == 1 && t.Name.Split('`')[0] == prefix)).ToList();
            if (types.Count == 0) continue;
            return types.Any(t => HasMembers(t, parts[typeParts..])) ? null
                : $"{prefix} has no member {string.Join('.', parts[typeParts..])}";
        }
        if (Code.Namespaces.Contains(string.Join('.', parts)) || Code.Namespaces.Contains("Recurrent." + string.Join('.', parts)))
            return null;
        return $"no type {parts[0]}";
    }

    /// <summary>Whether each of <paramref name="names"/> is a member or nested type of the one before, from <paramref name="type"/>.</summary>
    private static bool HasMembers(Type type, string[] names)
    {
        if (names.Length == 0) return true;
        const BindingFlags everyMember = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static
            | BindingFlags.FlattenHierarchy;
        foreach (var member in type.GetMember(names[0], everyMember).Concat(type.GetInterfaces().SelectMany(i => i.GetMember(names[0], everyMember))))
        {
            var next = member switch
            {
                Type nested => nested,
                PropertyInfo property => property.PropertyType,
                FieldInfo field => field.FieldType,
                MethodInfo method => method.ReturnType,
                _ => null,
            };
            if (names.Length == 1 || (next is not null && HasMembers(next, names[1..]))) return true;
        }
        return false;
    }

    private static bool IsBuildOutput(string path) => path.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj");

    /// <summary>What the docs may name: the types of the library, the CLI, the tests and the .NET libraries they use, and the source text.</summary>
    private static class Code
    {
        public static readonly Type[] Types =
        [
            .. new[]
            {
                typeof(Tensor).Assembly, typeof(global::Recurrent.Cli.Program).Assembly, typeof(DocCodeReferencesTests).Assembly,
                typeof(global::Recurrent.Onnx.Graph.OnnxGraph).Assembly,
                typeof(object).Assembly, typeof(Enumerable).Assembly, typeof(System.Numerics.Tensors.TensorPrimitives).Assembly,
                typeof(System.Text.Json.JsonSerializer).Assembly, typeof(System.Collections.Generic.List<>).Assembly,
            }.Distinct().SelectMany(LoadableTypes),
        ];

        public static readonly HashSet<string> Namespaces = Types.Select(t => t.Namespace).OfType<string>()
            .SelectMany(ns => ns.Split('.').Select((_, i) => string.Join('.', ns.Split('.')[..(i + 1)]))).ToHashSet();

        public static readonly HashSet<string> TypeAndMemberNames = Types.Select(t => t.Name.Split('`')[0])
            .Concat(Types.Where(t => t.Namespace?.StartsWith("Recurrent", StringComparison.Ordinal) == true)
                .SelectMany(t => t.GetMembers(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static
                    | BindingFlags.DeclaredOnly)).Select(m => m.Name))
            .ToHashSet();

        public static readonly string SourceText = string.Join("\n", Directory
            .EnumerateFiles(Path.Combine(Root, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !IsBuildOutput(f)).Order(StringComparer.Ordinal).Select(File.ReadAllText));

        public static readonly string FoldedSource = Regex.Replace(SourceText, @"\s+", " ");

        private static IEnumerable<Type> LoadableTypes(Assembly assembly)
        {
            try
            {
                return assembly.GetTypes();
            }
            catch (ReflectionTypeLoadException e)
            {
                return e.Types.OfType<Type>();
            }
        }
    }

    [GeneratedRegex(@"`([^`\n]+(?:\n[^`\n]+)?)`")]
    private static partial Regex Span();

    [GeneratedRegex(@"^(?<path>(?:src|tests|bench|examples|docs|data|\.ci)/[^\s:]*)(?::(?<lines>\d+(?:-\d+)?))?$")]
    private static partial Regex RepositoryPath();

    [GeneratedRegex(@"^(?<file>[A-Z]\w*(?:\.\w+)*\.cs)(?::(?<lines>\d+(?:-\d+)?))?$")]
    private static partial Regex SourceFileName();

    [GeneratedRegex(@"^[\w.-]+\.(?:props|targets|slnx|csproj|sh|py)$")]
    private static partial Regex BuildFileName();

    [GeneratedRegex(@"\bRecurrent(?:\.[A-Za-z_]\w*)+")]
    private static partial Regex FullName();

    [GeneratedRegex(@"^(?!rnn |dotnet |\$|-)(?:.*;$|[\w.\[\]]+ [+\-*/]?= .*[\w)\]…]$)")]
    private static partial Regex CodeLine();

    [GeneratedRegex(@"^(?<name>[A-Z]\w*(?:<[^<>]*>)?(?:\.[A-Za-z_]\w*(?:<[^<>]*>)?)+(?:\([^()]*\))?)$")]
    private static partial Regex QualifiedName();

    [GeneratedRegex(@"^I?[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]+)+$")]
    private static partial Regex TypeLikeName();

    [GeneratedRegex(@"^[a-z][a-z0-9]*(?:[A-Z][a-z0-9]+)+$")]
    private static partial Regex CamelCaseName();
}
