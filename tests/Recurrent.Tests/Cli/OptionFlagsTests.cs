using System.Reflection;
using System.Text.RegularExpressions;
using Recurrent.Cli;
using Recurrent.Cli.Classification;
using Recurrent.Cli.Forecasting;
using Recurrent.Cli.LanguageModel;
using Recurrent.Cli.Translation;
using Recurrent.Tests.EndToEnd;
using Recurrent.Training;

namespace Recurrent.Tests.Cli;

/// <summary>
/// The library speaks in options, the command line in flags (issue 13): library messages name <c>TypeName.PropertyName</c>,
/// and <see cref="OptionFlags"/> turns each such name into the flag that sets it before the program shows the message.
/// </summary>
public sealed partial class OptionFlagsTests
{
    [Fact]
    public void Every_option_a_library_message_names_has_a_flag_or_is_left_as_it_is_on_purpose()
    {
        var named = LibraryMessageOptions().ToList();
        Assert.NotEmpty(named);
        var unmapped = named.Where(n => !OptionFlags.Table.ContainsKey(n.Option) && !OptionFlags.WithoutFlag.Contains(n.Option))
            .Select(n => $"{n.Option} (named in {n.File})").Distinct().ToList();
        Assert.True(unmapped.Count == 0,
            "Library messages name options that OptionFlags neither maps to a flag nor leaves as they are:\n" + string.Join('\n', unmapped));
    }

    [Fact]
    public void Every_option_of_the_table_is_a_property_of_the_library_and_every_flag_is_one_of_a_train_or_interpretation_command()
    {
        var flags = new[] { TrainClassifyCommand.Create(), TrainLanguageModelCommand.Create(), TrainTranslateCommand.Create(), TrainForecastCommand.Create(),
            Recurrent.Cli.Tagging.TrainTagCommand.Create(), Recurrent.Cli.Interpretation.ExplainCommand.Create(),
            Recurrent.Cli.Interpretation.InspectCommand.Create(), Recurrent.Cli.Interpretation.GradientFlowCommand.Create() }
            .SelectMany(command => command.Options).Select(option => option.Name).ToHashSet();
        foreach (var (option, flag) in OptionFlags.Table)
        {
            Assert.True(LibraryProperty(option), $"{option} is not a public property of a Recurrent type");
            Assert.True(flags.Contains(flag), $"{flag} (for {option}) is not a flag of rnn train classify, lm, translate, forecast, tag, rnn explain, inspect or gradient-flow");
        }
        Assert.All(OptionFlags.WithoutFlag, option => Assert.True(LibraryProperty(option), $"{option} is not a public property of a Recurrent type"));
    }

    [Fact]
    public void A_message_shows_the_flags_of_the_options_it_names_and_leaves_other_names_alone()
    {
        Assert.Equal(
            "Lower the learning rate (--lr) or clip the gradients (--clip); TrainerOptions.StepSize and Math.Max stay.",
            OptionFlags.Apply(
                "Lower the learning rate (TrainerOptions.LearningRate) or clip the gradients (TrainerOptions.ClipNorm); " +
                "TrainerOptions.StepSize and Math.Max stay."));
    }

    [Fact]
    public void A_training_notice_shows_the_flag_of_the_option_it_names()
    {
        var plain = new StringWriter();
        OptionFlags.ShowingFlags(progress =>
        {
            progress.Message("checkpoint saved — continue with TrainerOptions.Resume");
            return 0;
        })(new PlainTextProgress(plain));
        Assert.Equal("checkpoint saved — continue with --resume", plain.ToString().TrimEnd());
    }

    /// <summary>Each TypeName.PropertyName inside a string literal of src/Recurrent that is a property of a library type.</summary>
    private static IEnumerable<(string Option, string File)> LibraryMessageOptions()
    {
        string source = Path.Combine(RnnProcess.RepositoryRoot, "src", "Recurrent");
        foreach (string file in Directory.EnumerateFiles(source, "*.cs", SearchOption.AllDirectories)
                     .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}")))
            foreach (string line in File.ReadLines(file).Where(l => !l.TrimStart().StartsWith("//", StringComparison.Ordinal)))
                foreach (Match literal in StringLiteral().Matches(line))
                    foreach (Match name in OptionName().Matches(literal.Value))
                        if (LibraryProperty(name.Value)) yield return (name.Value, Path.GetRelativePath(source, file));
    }

    /// <summary>True when "Type.Property" names a public instance property of a type of the library.</summary>
    private static bool LibraryProperty(string option)
    {
        var (typeName, propertyName) = (option[..option.IndexOf('.')], option[(option.IndexOf('.') + 1)..]);
        return typeof(Trainer).Assembly.GetTypes().Where(type => type.Name == typeName)
            .Any(type => type.GetProperty(propertyName, BindingFlags.Public | BindingFlags.Instance) is not null);
    }

    [GeneratedRegex(@"""(?:[^""\\]|\\.)*""")]
    private static partial Regex StringLiteral();

    [GeneratedRegex(@"\b[A-Z]\w*\.[A-Z]\w*\b")]
    private static partial Regex OptionName();
}
