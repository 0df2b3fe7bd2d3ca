using Recurrent.Autograd;
using Recurrent.Tasks.Translation;

namespace Recurrent.Tests.Translation;

/// <summary>Each attention form against PyTorch (make_attention_goldens.py): two decoder steps over one prepared memory.</summary>
public class AttentionGoldenTests
{
    [Theory]
    [MemberData(nameof(AttentionGoldenCase.Names), MemberType = typeof(AttentionGoldenCase))]
    public void Contexts_weights_loss_and_gradients_match_PyTorch(string kind)
    {
        var golden = AttentionGoldenCase.Load(kind);
        var attention = Attention.Create(golden.Kind, golden.QuerySize, golden.ValueSize, golden.AttentionSize, new Rng(1))!;
        Assert.Equal(golden.Weights.Keys.Order(StringComparer.Ordinal), attention.NamedParameters().Select(p => p.Name).Order(StringComparer.Ordinal));
        foreach (var (name, value) in golden.Weights) attention.GetParameter(name).Assign(value);
        int steps = golden.Queries.Dim(0);
        var encoderOutputs = new Variable(golden.EncoderOutputs, requiresGrad: true, "encoder_outputs");
        var queries = new Variable(golden.Queries, requiresGrad: true, "queries");

        var contexts = new List<Tensor>();
        var weights = new List<Tensor>();
        using (var tape = new Tape())
        {
            var memory = attention.PrepareKeys(encoderOutputs, golden.Lengths);
            Variable? loss = null;
            for (int t = 0; t < steps; t++)
            {
                var (context, alpha) = attention.Attend(memory, Ops.Select(queries, 0, t));
                contexts.Add(context.Value);
                weights.Add(alpha.Value);
                var stepLoss = Ops.Add(Ops.Dot(context, Slice(golden.ContextLossWeights, t)), Ops.Dot(alpha, Slice(golden.WeightLossWeights, t)));
                loss = loss is null ? stepLoss : Ops.Add(loss, stepLoss);
            }
            Assert.Equal(golden.ExpectedLoss, loss!.Value.Data[0], 1e-4);
            loss.Backward();
        }

        AssertClose(golden.ExpectedContexts, Concat(contexts), "contexts");
        AssertClose(golden.ExpectedAttentionWeights, Concat(weights), "attention weights");
        AssertClose(golden.ExpectedGradients["encoder_outputs"], encoderOutputs.Grad!, "∂loss/∂encoder_outputs");
        AssertClose(golden.ExpectedGradients["queries"], queries.Grad!, "∂loss/∂queries");
        foreach (var name in golden.Weights.Keys)
            AssertClose(golden.ExpectedGradients[name], attention.GetParameter(name).Grad!, $"∂loss/∂{name}");
    }

    private static Tensor Slice(Tensor t, int step)
    {
        int size = t.Size / t.Dim(0);
        return new Tensor(t.ReadOnlySpan.Slice(step * size, size).ToArray(), t.Shape[1..]);
    }

    private static float[] Concat(List<Tensor> parts) => parts.SelectMany(p => p.ReadOnlySpan.ToArray()).ToArray();

    private static void AssertClose(Tensor expected, Tensor actual, string what) => AssertClose(expected, actual.ReadOnlySpan.ToArray(), what);

    /// <summary>|expected − actual| ≤ 1e-5 · max(1, |expected|), element by element.</summary>
    private static void AssertClose(Tensor expected, float[] actual, string what)
    {
        Assert.Equal(expected.Size, actual.Length);
        for (int i = 0; i < actual.Length; i++)
            Assert.True(Math.Abs(expected.Data[i] - actual[i]) <= 1e-5f * Math.Max(1f, Math.Abs(expected.Data[i])),
                $"{what}[{i}]: PyTorch {expected.Data[i]:G9}, Recurrent {actual[i]:G9}.");
    }
}
