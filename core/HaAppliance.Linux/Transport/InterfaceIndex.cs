namespace HaAppliance.Linux.Transport;

/// <summary>Interface name ↔ index in the calling thread's network namespace.</summary>
public static class InterfaceIndex
{
    /// <summary>The index of <paramref name="name"/>; throws <see cref="Interop.NativeCallException"/> (ENODEV) when absent.</summary>
    public static int Of(string name) => Interop.Interop.IfNameToIndex(name);

    public static string? NameOf(int index) => Interop.Interop.IfIndexToName(index);
}
