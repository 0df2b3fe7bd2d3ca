// System.Numerics.Tensors also defines a Tensor type; in this library "Tensor" always means ours.
global using Tensor = Recurrent.Tensors.Tensor;
