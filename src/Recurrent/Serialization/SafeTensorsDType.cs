namespace Recurrent.Serialization;

/// <summary>Element types Recurrent reads from safetensors files; all are converted to float32 on load.</summary>
public enum SafeTensorsDType
{
    F32,
    F16,
    BF16,
    F64,
}
