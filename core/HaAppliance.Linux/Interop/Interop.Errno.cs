using System.Runtime.InteropServices;

namespace HaAppliance.Linux.Interop;

internal static partial class Interop
{
    /// <summary>The errno values this code reacts to (Linux, asm-generic/errno-base.h).</summary>
    internal static class Errno
    {
        public const int EPERM = 1;
        public const int ENOENT = 2;
        public const int EINTR = 4;
        public const int EAGAIN = 11;
        public const int EACCES = 13;
        public const int EEXIST = 17;
        public const int ENODEV = 19;
        public const int EINVAL = 22;
        public const int ENOBUFS = 105;
        public const int EADDRNOTAVAIL = 99;
        public const int ENETUNREACH = 101;
    }

    /// <summary>Turns a -1 return into a <see cref="NativeCallException"/> carrying errno.</summary>
    internal static int Check(int result, string call, string? context = null)
    {
        if (result < 0)
        {
            throw new NativeCallException(call, Marshal.GetLastPInvokeError(), context);
        }
        return result;
    }

    internal static long Check(nint result, string call, string? context = null)
    {
        if (result < 0)
        {
            throw new NativeCallException(call, Marshal.GetLastPInvokeError(), context);
        }
        return result;
    }
}
