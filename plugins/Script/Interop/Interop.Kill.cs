using System.Runtime.InteropServices;

namespace HaAppliance.Plugins.Script.Interop;

/// <summary>kill(2), used with a negative pid to signal a whole process group.</summary>
internal static partial class Libc
{
    internal const int SigKill = 9;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    internal static partial int Kill(int pid, int signal);
}
