namespace HaAppliance.Plugins.Netlink;

/// <summary>A netlink request failed. <see cref="Errno"/> is the kernel's error (EEXIST, ENODEV, EPERM, ...).</summary>
public sealed class NetlinkException : IOException
{
    public NetlinkException(int errno, string message)
        : base(message)
    {
        Errno = errno;
        HResult = errno;
    }

    public int Errno { get; }
}
