using System.Text;
using Recurrent.Cli.Trace;
using Recurrent.Interpretation;

namespace Recurrent.Tests.Fuzzing;

/// <summary>
/// The exercise trace specs of examples/ with values replaced (odd numbers, wrong types, sizes that do not fit the
/// weights, deep nesting) or bytes mutated, parsed and run as <c>rnn trace</c> does: a trace, or a <see cref="TraceSpecException"/>.
/// </summary>
public sealed class TraceSpecFuzzTests
{
    private const int Iterations = 2500;

    [Fact]
    public void A_mutated_trace_spec_traces_or_gives_a_trace_spec_error()
    {
        ReaderFuzzer.Check("trace-spec", JsonMutations.Of(FuzzSeeds.ExampleSpecs()), input =>
        {
            // As File.ReadAllText decodes the file: UTF-8, a BOM dropped, invalid bytes replaced.
            string json = new StreamReader(new MemoryStream(input), Encoding.UTF8, detectEncodingFromByteOrderMarks: true).ReadToEnd();
            var result = CellTrace.Run(TraceSpecParser.Parse(json));
            Assert.NotNull(result);
        }, Iterations);
    }
}
