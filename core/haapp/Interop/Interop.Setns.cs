using System.Runtime.InteropServices;

namespace HaAppliance.Cli.Interop;

internal static partial class Interop
{
    /// <summary>CLONE_NEWNET (linux/sched.h): join a network namespace.</summary>
    public const int CloneNewNet = 0x40000000;

    [LibraryImport("libc", EntryPoint = "setns", SetLastError = true)]
    internal static partial int Setns(SafeHandle fd, int nstype);
}
