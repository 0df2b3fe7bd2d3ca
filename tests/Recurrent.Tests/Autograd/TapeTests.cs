using Recurrent.Autograd;
using static Recurrent.Tests.Autograd.OpAssert;

namespace Recurrent.Tests.Autograd;

public class TapeTests
{
    [Fact]
    public void Without_a_tape_ops_record_nothing()
    {
        var w = Parameter(new Rng(15), "w", 2, 2);
        Assert.Null(Tape.Current);
        var y = Ops.Softmax(Ops.MatMul(w, w));
        Assert.False(y.RequiresGrad);
        Assert.Throws<InvalidOperationException>(() => Ops.Sum(y).Backward());
    }

    [Fact]
    public void Inside_NoGrad_an_open_tape_records_nothing()
    {
        var w = Parameter(new Rng(16), "w", 2, 2);
        using var tape = new Tape();
        using (Tape.NoGrad())
        {
            Assert.Null(Tape.Current);
            var y = Ops.CrossEntropy(Ops.Tanh(w), [0, 1]);
            Assert.False(y.RequiresGrad);
        }
        Assert.Equal(0, tape.Count);
        Assert.Same(tape, Tape.Current);
    }

    [Fact]
    public void With_a_tape_ops_on_parameters_are_recorded()
    {
        var w = Parameter(new Rng(17), "w", 2, 2);
        using var tape = new Tape();
        var y = Ops.Sum(Ops.Tanh(w));
        Assert.True(y.RequiresGrad);
        Assert.Equal(2, tape.Count);
    }

    [Fact]
    public void Ops_on_constants_only_are_not_recorded_even_on_a_tape()
    {
        using var tape = new Tape();
        var y = Ops.Add(Leaf([1], 1).Detach(), new Variable(Tensor.FromArray([2], 1)));
        Assert.False(y.RequiresGrad);
        Assert.Equal(0, tape.Count);
    }

    [Fact]
    public void Parameter_gradients_accumulate_across_two_backward_passes()
    {
        var w = Leaf([1, 2, 3], 3);
        var x = Tensor.FromArray([0.5f, -1, 2], 3);
        for (int pass = 0; pass < 2; pass++)
        {
            using var tape = new Tape();
            Ops.Dot(Ops.Scale(w, 3f), x).Backward();
        }
        Equal([3, -6, 12], w.Grad!);
    }

    [Fact]
    public void Intermediate_gradients_are_recomputed_when_the_same_tape_is_replayed()
    {
        var w = Leaf([1, 2], 2);
        using var tape = new Tape();
        var hidden = Ops.Scale(w, 2f);
        var loss = Ops.Sum(hidden);
        loss.Backward();
        loss.Backward();
        Equal([1, 1], hidden.Grad!);
        Equal([4, 4], w.Grad!);
    }
}
