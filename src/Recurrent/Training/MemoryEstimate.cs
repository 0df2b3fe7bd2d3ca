using System.Globalization;
using Recurrent.Recurrence;

namespace Recurrent.Training;

/// <summary>
/// A rough lower bound on the memory a training run needs, worked out from its sizes before anything is allocated, so that
/// sizes that cannot fit are refused at once with the estimate and the options that set it, not inside an allocation
/// ("Shape [400000, 100000] is too large") or after minutes of swapping. Counted: every trained parameter with its gradient
/// and the optimizer's state (4 bytes each), every frozen one once, and what one batch caches for backpropagation through time: batch × steps × hidden ×
/// (gates + 2) floats per layer and direction (the gate activations, the cell state and the output), plus the logits of an
/// output layer over every step and their gradient. Doubles throughout: the products of absurd sizes overflow a long.
/// </summary>
public sealed record MemoryEstimate
{
    /// <summary>Trained values, each with a gradient and the optimizer's state.</summary>
    public double Parameters { get; init; }

    /// <summary>Frozen values (pretrained vectors kept fixed): the weights alone.</summary>
    public double FrozenParameters { get; init; }

    /// <summary>Values cached by one batch for the backward pass.</summary>
    public double ActivationFloats { get; init; }

    /// <summary>Floats of optimizer state per parameter: Adam's two moments, one for RMSprop and Adagrad, none for SGD.</summary>
    public int OptimizerStateFloats { get; init; }

    /// <summary>The largest weight matrix, [rows, columns], which must fit in one array.</summary>
    public (double Rows, double Columns) LargestTensor { get; init; }

    /// <summary>Weights, gradients, optimizer state and activations, in bytes.</summary>
    public double Bytes => sizeof(float) * ((2 + OptimizerStateFloats) * Parameters + FrozenParameters + ActivationFloats);

    /// <summary>The optimizer state floats of <paramref name="optimizer"/> (adam, adamw, rmsprop, adagrad, sgd).</summary>
    public static int StateFloatsOf(string optimizer) => optimizer.ToLowerInvariant() switch
    {
        "adam" or "adamw" => 2,
        "rmsprop" or "adagrad" => 1,
        _ => 0,
    };

    /// <summary>Gate activations, cell state and output of a stack of recurrent layers over one batch.</summary>
    public static double RecurrentActivations(CellKind cell, double batch, double steps, double hidden, int layers, int directions) =>
        batch * steps * hidden * (new RecurrentOptions { Cell = cell }.GateCount + 2) * layers * directions;

    /// <summary>
    /// Refuses (<see cref="ArgumentException"/>) a run whose estimate exceeds <paramref name="availableBytes"/> (the
    /// collector's limit: the machine's memory or a container's), or whose largest weight matrix exceeds one array; <paramref name="sizes"/>
    /// gives the sizes by the options that set them ("TextClassifierOptions.HiddenSize 100000, TextClassifierOptions.NumLayers 1"),
    /// <paramref name="options"/> names the options the advice suggests lowering.
    /// </summary>
    public void Check(string sizes, SizeOptions options, long availableBytes)
    {
        if (availableBytes > 0 && Bytes > availableBytes)
            throw new ArgumentException(
                Invariant($"The sizes asked for ({sizes}) need at least {Size(Bytes)} ({Parameters + FrozenParameters:N0} parameters, ") +
                "with the gradients and optimizer state of those trained, " +
                Invariant($"and {ActivationFloats:N0} values cached per batch), but this process may use {Size(availableBytes)}; ") +
                $"use a smaller {options.HiddenSize}, {options.NumLayers} or {options.BatchSize}.");
        var (rows, columns) = LargestTensor;
        if (rows * columns > Array.MaxLength)
            throw new ArgumentException(
                Invariant($"The sizes asked for ({sizes}) make a weight matrix of [{rows:F0}, {columns:F0}] = {rows * columns:N0} values, ") +
                Invariant($"more than one tensor can hold ({Array.MaxLength:N0}); ") +
                $"use a smaller {options.HiddenSize} (or vocabulary, {options.EmbeddingDimension}).");
    }

    /// <summary>The options that set a model's sizes, by name ("TextClassifierOptions.HiddenSize"), for the advice of <see cref="Check"/>.</summary>
    public sealed record SizeOptions(string HiddenSize, string NumLayers, string BatchSize, string EmbeddingDimension);

    /// <summary>"1.5 GB", or "256 MB" below a gigabyte.</summary>
    private static string Size(double bytes) => bytes >= 1 << 30 ? Invariant($"{bytes / (1 << 30):N1} GB") : Invariant($"{bytes / (1 << 20):N0} MB");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
