using Recurrent.Autograd;

namespace Recurrent.Tests.Recurrence;

/// <summary>Tensor comparison with |actual − expected| ≤ tolerance · (1 + |expected|) per element.</summary>
internal static class RecurrentAssert
{
    public static void Close(Tensor expected, Tensor actual, float tolerance, string what)
    {
        Assert.True(expected.SameShape(actual),
            $"{what}: expected shape {Tensor.ShapeText(expected.Shape)}, got {Tensor.ShapeText(actual.Shape)}");
        for (int i = 0; i < expected.Size; i++)
        {
            float e = expected.Data[i], a = actual.Data[i];
            Assert.True(Math.Abs(a - e) <= tolerance * (1 + Math.Abs(e)),
                $"{what}[{i}]: expected {e:G8}, got {a:G8} (tolerance {tolerance})");
        }
    }

    public static void Close(double expected, double actual, double tolerance, string what) =>
        Assert.True(Math.Abs(actual - expected) <= tolerance * (1 + Math.Abs(expected)), $"{what}: expected {expected:G10}, got {actual:G10}");

    /// <summary>The gradient of a variable, zeros when none flowed in.</summary>
    public static Tensor GradOf(Variable v) => v.Grad ?? new Tensor(v.Shape);
}
