global using Xunit;
global using Recurrent.Tensors;
