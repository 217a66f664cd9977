using System.Runtime.InteropServices;

namespace HaAppliance.Plugins.Process.Interop;

/// <summary>
/// pidfd_open(2) and poll(2). A pidfd becomes readable when its process exits; unlike the netlink proc
/// connector keepalived uses, it works in any network namespace and in containers.
/// </summary>
internal static partial class Libc
{
    internal const short PollIn = 0x001;
    internal const short PollErr = 0x008;
    internal const short PollHup = 0x010;
    internal const short PollNval = 0x020;
    internal const int ESRCH = 3;
    internal const int EINTR = 4;
    internal const int ENOSYS = 38;

    /// <summary>__NR_pidfd_open is 434 on every architecture (it was added after the syscall tables were unified).</summary>
    private const nint SysPidFdOpen = 434;

    [StructLayout(LayoutKind.Sequential)]
    internal struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    // Called through syscall(2) rather than glibc's wrapper, which only exists since glibc 2.36.
    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true)]
    private static partial nint Syscall(nint number, int pid, uint flags);

    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    internal static unsafe partial int Poll(PollFd* fds, nuint count, int timeoutMilliseconds);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    internal static partial int Close(int fd);

    /// <summary>Opens a pidfd for <paramref name="pid"/>; returns -1 with <paramref name="errno"/> set when it cannot.</summary>
    internal static int PidFdOpen(int pid, out int errno)
    {
        int fd = (int)Syscall(SysPidFdOpen, pid, 0);
        errno = fd < 0 ? Marshal.GetLastPInvokeError() : 0;
        return fd;
    }
}
