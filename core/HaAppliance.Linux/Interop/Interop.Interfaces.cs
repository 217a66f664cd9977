using System.Runtime.InteropServices;

namespace HaAppliance.Linux.Interop;

internal static partial class Interop
{
    [LibraryImport("libc", EntryPoint = "if_nametoindex", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial uint IfNameToIndexNative(string name);

    [LibraryImport("libc", EntryPoint = "if_indextoname", SetLastError = true)]
    private static unsafe partial byte* IfIndexToNameNative(uint index, byte* buffer);

    /// <summary>The kernel's index of interface <paramref name="name"/>, in the calling thread's network namespace.</summary>
    internal static int IfNameToIndex(string name)
    {
        var index = IfNameToIndexNative(name);
        if (index == 0)
        {
            throw new NativeCallException("if_nametoindex", Marshal.GetLastPInvokeError(), $"interface '{name}'");
        }
        return (int)index;
    }

    internal static unsafe string? IfIndexToName(int index)
    {
        var buffer = stackalloc byte[16]; // IF_NAMESIZE
        var p = IfIndexToNameNative((uint)index, buffer);
        return p == null ? null : Marshal.PtrToStringUTF8((nint)p);
    }
}
