using System.CommandLine;
using System.CommandLine.Parsing;
using System.Text.RegularExpressions;

namespace Recurrent.Cli;

/// <summary>
/// Options whose values are the members of a library enum, written in kebab case (<c>XavierUniform</c> → <c>xavier-uniform</c>):
/// a member added to the enum becomes a value of the flag without a change here.
/// </summary>
internal static partial class EnumFlag
{
    [GeneratedRegex("(?<=[a-z0-9])(?=[A-Z])")]
    private static partial Regex WordBoundary();

    /// <summary>The flag value of <paramref name="member"/>: its name in kebab case.</summary>
    /// <remarks>"PyTorch" is one word: <c>WeightInit.PyTorchUniform</c> is <c>pytorch-uniform</c>.</remarks>
    public static string Name<TEnum>(TEnum member) where TEnum : struct, Enum =>
        WordBoundary().Replace(member.ToString().Replace("PyTorch", "Pytorch", StringComparison.Ordinal), "-").ToLowerInvariant();

    /// <summary>The flag values of every member of <typeparamref name="TEnum"/>, in declaration order.</summary>
    public static string[] Names<TEnum>() where TEnum : struct, Enum => Enum.GetValues<TEnum>().Select(Name).ToArray();

    /// <summary>The member whose flag value (or name, ignoring case) is <paramref name="text"/>, or null.</summary>
    public static TEnum? Find<TEnum>(string text) where TEnum : struct, Enum
    {
        string wanted = text.Trim();
        foreach (var member in Enum.GetValues<TEnum>())
            if (string.Equals(Name(member), wanted, StringComparison.OrdinalIgnoreCase)
                || string.Equals(member.ToString(), wanted, StringComparison.OrdinalIgnoreCase))
                return member;
        return null;
    }

    /// <summary>
    /// An option <paramref name="name"/> taking one member of <typeparamref name="TEnum"/>, null when not given (so that a command
    /// can tell a default from a choice); an unknown value is a parse error naming the flag. <paramref name="defaultValue"/> is
    /// shown in the help, in the flag's spelling; the command applies it.
    /// </summary>
    public static Option<TEnum?> Create<TEnum>(string name, string description, TEnum? defaultValue = null) where TEnum : struct, Enum => new(name)
    {
        HelpName = string.Join("|", Names<TEnum>()),
        Description = defaultValue is { } shown ? $"{description} [default: {Name(shown)}]" : description,
        CustomParser = result => Parse<TEnum>(result),
    };

    private static TEnum? Parse<TEnum>(ArgumentResult result) where TEnum : struct, Enum
    {
        string text = result.Tokens.Count == 0 ? "" : result.Tokens[0].Value;
        if (Find<TEnum>(text) is { } member) return member;
        result.AddError($"{OptionName(result)}: unknown value '{text}'; use one of {string.Join(", ", Names<TEnum>())}.");
        return null;
    }

    private static string OptionName(ArgumentResult result) => result.Parent is OptionResult option ? option.Option.Name : "option";
}
