using System.Runtime.InteropServices;

namespace HaAppliance.Plugins.Shared.Security;

/// <summary>
/// statx(2): unlike stat(2) its struct layout is the same on every architecture, so one declaration
/// serves x86-64 and arm64. This file is also compiled into plugins that need the same check (Script).
/// </summary>
internal static partial class Interop
{
    private const int AtFdCwd = -100;
    private const uint StatxBasicStats = 0x7ff;

    // struct statx offsets (include/uapi/linux/stat.h): stx_uid at 20, stx_gid at 24, stx_mode (u16) at 28.
    private const int UidOffset = 20;
    private const int GidOffset = 24;
    private const int ModeOffset = 28;

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int StatxNative(int dirfd, string path, int flags, uint mask, byte* buffer);

    [LibraryImport("libc", EntryPoint = "realpath", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint RealPathNative(string path, nint resolved);

    /// <summary>realpath(3): the absolute path with every symbolic link, <c>.</c> and <c>..</c> resolved.</summary>
    internal static unsafe string RealPath(string path)
    {
        nint buffer = RealPathNative(path, 0);
        if (buffer == 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            throw new IOException($"cannot resolve {path}: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})");
        }

        try
        {
            return Marshal.PtrToStringUTF8(buffer) ?? path;
        }
        finally
        {
            NativeMemory.Free((void*)buffer);
        }
    }

    /// <summary>Owner, group and mode bits of <paramref name="path"/> (symbolic links followed).</summary>
    internal static unsafe (uint Uid, uint Gid, uint Mode) Statx(string path)
    {
        byte* buffer = stackalloc byte[256];
        if (StatxNative(AtFdCwd, path, 0, StatxBasicStats, buffer) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            throw new IOException($"cannot stat {path}: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})");
        }

        return (*(uint*)(buffer + UidOffset), *(uint*)(buffer + GidOffset), *(ushort*)(buffer + ModeOffset));
    }
}
