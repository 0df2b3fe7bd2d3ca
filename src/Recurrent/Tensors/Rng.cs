using System.Numerics;

namespace Recurrent.Tensors;

/// <summary>
/// Seeded random numbers for weight initialisation, dropout masks and shuffling. The same seed gives the
/// same stream on every machine and .NET version (xoshiro128** with a SplitMix64 seeder, fully specified here).
/// </summary>
public sealed class Rng
{
    private uint s0, s1, s2, s3;

    public Rng(ulong seed)
    {
        ulong x = seed;
        s0 = (uint)SplitMix(ref x); s1 = (uint)SplitMix(ref x); s2 = (uint)SplitMix(ref x); s3 = (uint)SplitMix(ref x);
        if ((s0 | s1 | s2 | s3) == 0) s0 = 1;
    }

    /// <summary>The generator's whole state (four words), for checkpoints; setting it resumes the exact stream.</summary>
    public uint[] State
    {
        get => [s0, s1, s2, s3];
        set
        {
            if (value is not { Length: 4 } || (value[0] | value[1] | value[2] | value[3]) == 0)
                throw new ArgumentException("An Rng state is four words, not all zero.", nameof(value));
            (s0, s1, s2, s3) = (value[0], value[1], value[2], value[3]);
        }
    }

    /// <summary>Next 32 random bits.</summary>
    public uint NextUInt()
    {
        uint result = BitOperations.RotateLeft(s1 * 5, 7) * 9;
        uint t = s1 << 9;
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3;
        s2 ^= t;
        s3 = BitOperations.RotateLeft(s3, 11);
        return result;
    }

    /// <summary>Uniform in [0, 1).</summary>
    public float NextFloat() => (NextUInt() >> 8) * (1f / (1 << 24));

    /// <summary>Uniform in [low, high).</summary>
    public float Uniform(float low, float high) => low + (high - low) * NextFloat();

    /// <summary>Uniform integer in [0, n).</summary>
    public int NextInt(int n) => (int)((ulong)NextUInt() * (ulong)n >> 32);

    /// <summary>Standard normal (Box–Muller).</summary>
    public float Normal()
    {
        float u1 = 1f - NextFloat(), u2 = NextFloat();
        return MathF.Sqrt(-2f * MathF.Log(u1)) * MathF.Cos(2f * MathF.PI * u2);
    }

    public void FillUniform(Span<float> values, float low, float high)
    {
        for (int i = 0; i < values.Length; i++) values[i] = Uniform(low, high);
    }

    public void FillNormal(Span<float> values, float mean = 0f, float std = 1f)
    {
        for (int i = 0; i < values.Length; i++) values[i] = mean + std * Normal();
    }

    /// <summary>Fisher–Yates shuffle in place.</summary>
    public void Shuffle<T>(Span<T> items)
    {
        for (int i = items.Length - 1; i > 0; i--)
        {
            int j = NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    /// <summary>An independent generator derived from this one (for a module or a worker).</summary>
    public Rng Fork() => new(((ulong)NextUInt() << 32) | NextUInt());

    private static ulong SplitMix(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
