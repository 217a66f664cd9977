using System.Runtime.InteropServices;

namespace HaAppliance.Integration.Tests.Harness;

internal static partial class NativeMethods
{
    internal const int CLONE_NEWNET = 0x40000000;

    [LibraryImport("libc", EntryPoint = "setns", SetLastError = true)]
    internal static partial int SetNs(nint fd, int nsType);
}
