using Recurrent.Recurrence;

namespace Recurrent.Interop;

/// <summary>
/// One Keras LSTM or GRU layer's weights in Recurrent's (PyTorch's) layout: weight_ih [G·H, I], weight_hh [G·H, H], bias_ih and
/// bias_hh [G·H], gate blocks in PyTorch's order, for a cell of kind <see cref="Cell"/> (see <see cref="KerasWeights"/>).
/// </summary>
public sealed record KerasCellWeights(CellKind Cell, Tensor InputWeight, Tensor RecurrentWeight, Tensor InputBias, Tensor RecurrentBias)
{
    /// <summary>Copies the four tensors into one layer and direction of a <see cref="RecurrentLayer"/> of the same cell and sizes.</summary>
    public void AssignTo(CellWeights weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        Tensor[] tensors = [InputWeight, RecurrentWeight, InputBias, RecurrentBias];
        string[] names = ["weight_ih", "weight_hh", "bias_ih", "bias_hh"];
        for (int k = 0; k < tensors.Length; k++)
            if (!tensors[k].SameShape(weights.Parameters[k].Value))
                throw new ArgumentException($"The converted {names[k]} is {Tensor.ShapeText(tensors[k].Shape)} but the layer's is " +
                    $"{Tensor.ShapeText(weights.Parameters[k].Shape)}: build the layer with the Keras layer's input size and units.", nameof(weights));
        for (int k = 0; k < tensors.Length; k++) weights.Parameters[k].Assign(tensors[k]);
    }
}
