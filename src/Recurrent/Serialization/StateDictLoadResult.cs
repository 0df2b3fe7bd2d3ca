namespace Recurrent.Serialization;

/// <summary>
/// What a non-strict <see cref="StateDict.Load"/> left out: parameters the file lacks (kept as they were) and tensors
/// the model lacks (ignored).
/// </summary>
public sealed record StateDictLoadResult(IReadOnlyList<string> MissingNames, IReadOnlyList<string> UnexpectedNames);
