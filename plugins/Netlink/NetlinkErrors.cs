namespace HaAppliance.Plugins.Netlink;

/// <summary>Turns the kernel's errno for an address request into a sentence an operator can act on.</summary>
internal static class NetlinkErrors
{
    public static string Describe(string operation, string subject, string device, int errno, string? kernelMessage)
    {
        var reason = errno switch
        {
            17 => $"the address is already configured on {device} (EEXIST)",
            19 => $"there is no interface named '{device}' (ENODEV)",
            1 or 13 => $"permission denied; changing addresses needs CAP_NET_ADMIN, run as root ({(errno == 1 ? "EPERM" : "EACCES")})",
            99 => $"the address is not configured on {device} (EADDRNOTAVAIL)",
            97 => $"the address family is not enabled on {device}, is IPv6 disabled? (EAFNOSUPPORT)",
            22 => "the kernel rejected the request as invalid (EINVAL)",
            100 => $"{device} is down (ENETDOWN)",
            105 => "the kernel is out of buffer space (ENOBUFS)",
            _ => $"{System.Runtime.InteropServices.Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})",
        };
        var detail = string.IsNullOrWhiteSpace(kernelMessage) ? "" : $"; kernel says: {kernelMessage}";
        return $"netlink: cannot {operation} {subject} on {device}: {reason}{detail}";
    }
}
