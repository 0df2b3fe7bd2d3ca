using System.Runtime.InteropServices;

namespace Recurrent.Data;

/// <summary>
/// What a path names, as far as reading data goes: a regular file has a size and an end; a device (/dev/zero), a pipe or a
/// socket may have neither, so reading one could block forever or never stop. Linux answers through statx; elsewhere every
/// path counts as regular and the size limits of <see cref="TextFile"/> still bound the reading.
/// </summary>
internal static partial class FileKind
{
    /// <summary>"a character device", "a pipe (FIFO)", …, or null for a regular file, a directory or when the system cannot say.</summary>
    public static string? Special(string path)
    {
        if (!OperatingSystem.IsLinux()) return null;
        try
        {
            if (StatX(CurrentDirectory, path, FollowLinks, TypeField, out var status) != 0) return null;
            return (status.Mode & TypeMask) switch
            {
                0x2000 => "a character device",
                0x6000 => "a block device",
                0x1000 => "a pipe (FIFO)",
                0xC000 => "a socket",
                _ => null,
            };
        }
        catch (EntryPointNotFoundException)
        {
            return null; // a C library without statx (glibc before 2.28)
        }
    }

    private const int CurrentDirectory = -100; // AT_FDCWD
    private const int FollowLinks = 0;
    private const uint TypeField = 0x1;        // STATX_TYPE
    private const int TypeMask = 0xF000;       // S_IFMT

    /// <summary>The head of struct statx, which is 256 bytes on every architecture.</summary>
    [StructLayout(LayoutKind.Sequential, Size = 256)]
    private struct Status
    {
        public uint Mask, BlockSize;
        public ulong Attributes;
        public uint Links, UserId, GroupId;
        public ushort Mode;
    }

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int StatX(int directory, string path, int flags, uint mask, out Status status);
}
