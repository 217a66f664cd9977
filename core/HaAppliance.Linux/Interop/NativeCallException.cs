using System.Runtime.InteropServices;

namespace HaAppliance.Linux.Interop;

/// <summary>A libc call failed. Carries the errno so callers can react to specific failures (EEXIST, ENODEV...).</summary>
public sealed class NativeCallException : IOException
{
    public NativeCallException(string call, int errno, string? context = null)
        : base(Describe(call, errno, context))
    {
        Call = call;
        Errno = errno;
        HResult = errno;
    }

    /// <summary>The native function that failed, e.g. <c>setsockopt(IP_ADD_MEMBERSHIP)</c>.</summary>
    public string Call { get; }

    /// <summary>The errno value reported by the call.</summary>
    public int Errno { get; }

    private static string Describe(string call, int errno, string? context) =>
        $"{call} failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})" + (context is null ? "" : $" — {context}");
}
