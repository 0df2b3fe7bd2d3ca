using Recurrent.Autograd;
using Recurrent.Training;

namespace Recurrent.Tests.Training;

public class GradientClippingTests
{
    private static Variable WithGradient(float[] grad, params int[] shape)
    {
        var p = new Variable(new Tensor(shape), requiresGrad: true);
        p.AccumulateGrad(grad);
        return p;
    }

    [Fact]
    public void Clipping_by_global_norm_matches_PyTorch()
    {
        // a = torch.zeros(4, requires_grad=True); b = torch.zeros(2, 1, requires_grad=True)
        // a.grad = torch.tensor([0.3, -1.2, 2.5, 0.7]); b.grad = torch.tensor([[-1.5], [0.4]])
        // torch.nn.utils.clip_grad_norm_([a, b], max_norm=1.0)  → 3.26802707
        // a.grad → [0.0917984843, -0.367193937, 0.76498735, 0.214196444]; b.grad → [-0.458992392, 0.122397974]
        var a = WithGradient([0.3f, -1.2f, 2.5f, 0.7f], 4);
        var b = WithGradient([-1.5f, 0.4f], 2, 1);
        float norm = GradientClipping.ClipByGlobalNorm([a, b], maxNorm: 1f);
        Assert.Equal(3.26802707f, norm, 1e-6f);
        float[] expectedA = [0.0917984843f, -0.367193937f, 0.76498735f, 0.214196444f];
        float[] expectedB = [-0.458992392f, 0.122397974f];
        for (int i = 0; i < 4; i++) Assert.Equal(expectedA[i], a.Grad!.Data[i], 1e-7f);
        for (int i = 0; i < 2; i++) Assert.Equal(expectedB[i], b.Grad!.Data[i], 1e-7f);
    }

    [Fact]
    public void Gradients_within_the_norm_are_left_unchanged()
    {
        var a = WithGradient([3f, -4f], 2);
        float norm = GradientClipping.ClipByGlobalNorm([a], maxNorm: 10f);
        Assert.Equal(5f, norm);
        Assert.Equal([3f, -4f], a.Grad!.Data);
    }

    [Fact]
    public void The_global_norm_is_measured_without_changing_the_gradients()
    {
        var a = WithGradient([0.3f, -1.2f, 2.5f, 0.7f], 4);
        var b = WithGradient([-1.5f, 0.4f], 2, 1);
        Assert.Equal(3.26802707f, GradientClipping.GlobalNorm([a, b]), 1e-6f);
        Assert.Equal([0.3f, -1.2f, 2.5f, 0.7f], a.Grad!.Data);
        Assert.Equal([-1.5f, 0.4f], b.Grad!.Data);
    }

    [Fact]
    public void Parameters_without_a_gradient_are_skipped()
    {
        var a = WithGradient([3f, -4f], 2);
        var noGradient = new Variable(new Tensor(3), requiresGrad: true);
        Assert.Equal(5f, GradientClipping.ClipByGlobalNorm([a, noGradient], maxNorm: 1f));
        Assert.Null(noGradient.Grad);
    }

    [Fact]
    public void A_non_finite_norm_is_returned_and_the_gradients_left_for_the_caller_to_skip()
    {
        var a = WithGradient([float.NaN, 1f], 2);
        Assert.True(float.IsNaN(GradientClipping.ClipByGlobalNorm([a], maxNorm: 1f)));
        Assert.Equal(1f, a.Grad!.Data[1]);
    }

    [Fact]
    public void Clipping_by_value_clamps_each_element()
    {
        var a = WithGradient([0.3f, -1.2f, 2.5f, -0.5f], 4);
        GradientClipping.ClipByValue([a], clipValue: 0.5f);
        Assert.Equal([0.3f, -0.5f, 0.5f, -0.5f], a.Grad!.Data);
    }

    [Fact]
    public void A_non_positive_maximum_is_refused()
    {
        var ex = Assert.Throws<ArgumentException>(() => GradientClipping.ClipByGlobalNorm([], maxNorm: 0f));
        Assert.Contains("maxNorm", ex.Message);
    }
}
