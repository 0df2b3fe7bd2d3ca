using System.Text;
using CsCheck;

namespace Recurrent.Tests.Fuzzing;

/// <summary>
/// CsCheck generators of hostile inputs made from real files: a seed file changed by one to four mutations (bit flips,
/// byte inserts, deletes and duplicates, truncation, huge or odd numbers in place of a number, invalid UTF-8, deep
/// nesting, a very long line, NUL bytes, a BOM, CRLF line ends), or bytes with no seed at all, or an empty file.
/// Positions are drawn as fractions of the current length, so every mutation applies to any input.
/// </summary>
internal static class ByteMutations
{
    /// <summary>Numbers a reader may parse: beyond double and int ranges, negative zero, NaN spelled out, exponents.</summary>
    public static readonly string[] OddNumbers =
        ["1e309", "-1e309", "1e39", "1e999", "99999999999999999999", "2147483648", "-2147483649", "4294967296", "-0", "-0.0", "NaN",
         "-NaN", "Infinity", "-Infinity", "inf", "0", "-1", "1e-400", "0x10", "1_000", "١٢٣", "0.000000000000000000000000000000000000000000001", "1e", ".", "-"];

    /// <summary>Byte sequences that are not UTF-8: a lone continuation byte, overlong forms, a surrogate, a cut-off sequence, bytes never used.</summary>
    public static readonly byte[][] InvalidUtf8 =
        [[0x80], [0xC0, 0x80], [0xE0, 0x80, 0x80], [0xED, 0xA0, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xE2, 0x82], [0xFE], [0xFF], [0xF4, 0x90, 0x80, 0x80]];

    /// <summary>Text fragments that change a format's structure: separators, quotes, brackets, escapes, a BOM, a NUL, Unicode line separators.</summary>
    public static readonly string[] Fragments =
        ["\t", ",", "\"", "\"\"", "\n", "\r\n", "\r", "{", "}", "[", "]", ":", "\\", "\\u0000", "\\ud800", "\0", "\uFEFF", "\u0085", "\u2028", " ",
         "null", "true", "{}", "[]", "\"\"", "__label__", "__label__x __label__y", "<pad>", "<unk>", "_l0", "weight_ih_l0", "_reverse"];

    private static readonly byte[] Bom = [0xEF, 0xBB, 0xBF];

    /// <summary>Mutated copies of <paramref name="seeds"/>, with some inputs that owe nothing to them.</summary>
    public static Gen<byte[]> Of(IReadOnlyList<byte[]> seeds) =>
        Gen.Frequency(
            (16, Gen.Select(Gen.Int[0, seeds.Count - 1], Mutation.Array[1, 4], (seed, mutations) => Apply(seeds[seed], mutations))),
            (1, Gen.Byte.Array[0, 512]),
            (1, Gen.Const(System.Array.Empty<byte>())));

    /// <summary>One edit of a byte string.</summary>
    private static readonly Gen<Func<byte[], byte[]>> Mutation = Gen.Frequency<Func<byte[], byte[]>>(
        (4, Gen.Select(Gen.Double[0, 1], Gen.Int[0, 7], (at, bit) => new Func<byte[], byte[]>(b => FlipBit(b, at, bit)))),
        (3, Gen.Select(Gen.Double[0, 1], Gen.Byte, (at, value) => new Func<byte[], byte[]>(b => Insert(b, at, [value])))),
        (2, Gen.Select(Gen.Double[0, 1], Gen.Byte.Array[1, 16], (at, bytes) => new Func<byte[], byte[]>(b => Insert(b, at, bytes)))),
        (3, Gen.Select(Gen.Double[0, 1], Gen.Int[1, 64], (at, length) => new Func<byte[], byte[]>(b => Delete(b, at, length)))),
        (2, Gen.Select(Gen.Double[0, 1], Gen.Int[1, 64], Gen.Double[0, 1], (at, length, to) => new Func<byte[], byte[]>(b => Duplicate(b, at, length, to)))),
        (2, Gen.Double[0, 1].Select(at => new Func<byte[], byte[]>(b => b[..(int)(at * b.Length)]))),
        (4, Gen.Select(Gen.Double[0, 1], Gen.OneOf(OddNumbers), (at, number) => new Func<byte[], byte[]>(b => ReplaceNumber(b, at, number)))),
        (3, Gen.Select(Gen.Double[0, 1], Gen.OneOf(InvalidUtf8), (at, bytes) => new Func<byte[], byte[]>(b => Insert(b, at, bytes)))),
        (4, Gen.Select(Gen.Double[0, 1], Gen.OneOf(Fragments), (at, text) => new Func<byte[], byte[]>(b => Insert(b, at, Encoding.UTF8.GetBytes(text))))),
        (1, Gen.Select(Gen.Double[0, 1], Gen.Int[1, 10_000], Gen.Bool, (at, depth, objects) => new Func<byte[], byte[]>(b => Insert(b, at, Nesting(depth, objects))))),
        (1, Gen.Select(Gen.Double[0, 1], Gen.Int[1, 100_000], (at, length) => new Func<byte[], byte[]>(b => Insert(b, at, LongRun(length))))),
        (1, Gen.Const<Func<byte[], byte[]>>(b => [.. Bom, .. b])),
        (1, Gen.Const<Func<byte[], byte[]>>(b => Encoding.Latin1.GetBytes(Encoding.Latin1.GetString(b).Replace("\n", "\r\n")))));

    private static byte[] Apply(byte[] seed, Func<byte[], byte[]>[] mutations)
    {
        byte[] bytes = seed;
        foreach (var mutate in mutations) bytes = mutate(bytes);
        return bytes;
    }

    private static int Position(byte[] bytes, double at) => Math.Min(bytes.Length, (int)(at * (bytes.Length + 1)));

    private static byte[] FlipBit(byte[] bytes, double at, int bit)
    {
        if (bytes.Length == 0) return bytes;
        byte[] flipped = (byte[])bytes.Clone();
        flipped[Math.Min(bytes.Length - 1, (int)(at * bytes.Length))] ^= (byte)(1 << bit);
        return flipped;
    }

    private static byte[] Insert(byte[] bytes, double at, byte[] inserted)
    {
        int position = Position(bytes, at);
        return [.. bytes.AsSpan(0, position), .. inserted, .. bytes.AsSpan(position)];
    }

    private static byte[] Delete(byte[] bytes, double at, int length)
    {
        int position = Position(bytes, at);
        length = Math.Min(length, bytes.Length - position);
        return [.. bytes.AsSpan(0, position), .. bytes.AsSpan(position + length)];
    }

    private static byte[] Duplicate(byte[] bytes, double at, int length, double to)
    {
        int position = Position(bytes, at);
        length = Math.Min(length, bytes.Length - position);
        return Insert(bytes, to, bytes[position..(position + length)]);
    }

    /// <summary>The first run of digits at or after <paramref name="at"/> (or before it, if none follows) becomes <paramref name="number"/>.</summary>
    private static byte[] ReplaceNumber(byte[] bytes, double at, string number)
    {
        int position = Position(bytes, at);
        int start = System.Array.FindIndex(bytes, position, IsDigit);
        if (start < 0 && bytes.Length > 0) start = System.Array.FindLastIndex(bytes, Math.Max(0, position - 1), IsDigit);
        if (start < 0) return Insert(bytes, at, Encoding.UTF8.GetBytes(number));
        while (start > 0 && (IsDigit(bytes[start - 1]) || bytes[start - 1] is (byte)'.' or (byte)'-' or (byte)'e' or (byte)'E' or (byte)'+')) start--;
        int end = start;
        while (end < bytes.Length && (IsDigit(bytes[end]) || bytes[end] is (byte)'.' or (byte)'-' or (byte)'e' or (byte)'E' or (byte)'+')) end++;
        return [.. bytes.AsSpan(0, start), .. Encoding.UTF8.GetBytes(number), .. bytes.AsSpan(end)];
    }

    private static bool IsDigit(byte b) => b is >= (byte)'0' and <= (byte)'9';

    /// <summary>[[[…]]] or {"a":{"a":…}} nested <paramref name="depth"/> levels deep.</summary>
    private static byte[] Nesting(int depth, bool objects) =>
        Encoding.ASCII.GetBytes(objects
            ? string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth)
            : new string('[', depth) + "1" + new string(']', depth));

    /// <summary>A line of <paramref name="length"/> letters with no line break.</summary>
    private static byte[] LongRun(int length)
    {
        var run = new byte[length];
        System.Array.Fill(run, (byte)'a');
        return run;
    }
}
