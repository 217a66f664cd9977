using System.Runtime.InteropServices;

namespace HaAppliance.Plugins.Tests.Process;

/// <summary>
/// unshare(CLONE_NEWNET) moves only the calling thread into a new, anonymous network namespace; threads it
/// creates inherit it. That lets a test run the process watcher inside a non-initial network namespace,
/// where keepalived's netlink proc connector is refused, without touching the host's interfaces.
/// </summary>
internal static partial class ThreadNamespace
{
    private const int CloneNewNet = 0x40000000;

    [LibraryImport("libc", EntryPoint = "unshare", SetLastError = true)]
    private static partial int Unshare(int flags);

    public static void EnterNewNetworkNamespace()
    {
        if (Unshare(CloneNewNet) != 0)
        {
            throw new InvalidOperationException($"unshare(CLONE_NEWNET) failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    public static string? Current() => new FileInfo("/proc/thread-self/ns/net").LinkTarget;
}
