using System.Globalization;

namespace Recurrent.Text;

/// <summary>How many vocabulary tokens (other than &lt;pad&gt; and &lt;unk&gt;) found a pretrained vector.</summary>
/// <param name="Found">Tokens that got a pretrained vector.</param>
/// <param name="Total">Tokens looked up: the vocabulary size minus &lt;pad&gt; and &lt;unk&gt;.</param>
/// <param name="MissingExamples">Up to <see cref="MaxExamples"/> tokens without a vector, most frequent first.</param>
public sealed record CoverageReport(int Found, int Total, IReadOnlyList<string> MissingExamples)
{
    public const int MaxExamples = 10;

    /// <summary>Found / Total, in [0, 1]; 0 for an empty vocabulary.</summary>
    public double Share => Total == 0 ? 0 : (double)Found / Total;

    public int Missing => Total - Found;

    public override string ToString()
    {
        string text = string.Format(CultureInfo.InvariantCulture,
            "pretrained vectors cover {0:N0} of {1:N0} vocabulary tokens ({2:0.0%})", Found, Total, Share);
        return MissingExamples.Count == 0 ? text + "." : text + $"; missing e.g. {string.Join(", ", MissingExamples)}.";
    }
}
