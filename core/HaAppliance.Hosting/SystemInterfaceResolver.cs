using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using HaAppliance.Vrrp;

namespace HaAppliance.Hosting;

/// <summary>Reads interfaces of the network namespace the process runs in.</summary>
public sealed class SystemInterfaceResolver : IInterfaceResolver
{
    public bool TryResolve(string name, IpFamily family, out int ifIndex, out IPAddress? primary)
    {
        ifIndex = 0;
        primary = null;
        var nic = NetworkInterface.GetAllNetworkInterfaces().FirstOrDefault(n => n.Name == name);
        if (nic is null)
        {
            return false;
        }

        var props = nic.GetIPProperties();
        try
        {
            ifIndex = family == IpFamily.IPv4 ? props.GetIPv4Properties().Index : props.GetIPv6Properties().Index;
        }
        catch (NetworkInformationException)
        {
            // The family is not configured on the interface; the index is the same for both families on Linux.
            ifIndex = TryIndex(props);
        }

        var addresses = props.UnicastAddresses.Select(a => a.Address);
        primary = family == IpFamily.IPv4
            ? addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork)
            : addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetworkV6 && a.IsIPv6LinkLocal);
        if (primary is { AddressFamily: AddressFamily.InterNetworkV6, ScopeId: not 0 })
        {
            primary = new IPAddress(primary.GetAddressBytes());
        }

        return true;
    }

    private static int TryIndex(IPInterfaceProperties props)
    {
        try
        {
            return props.GetIPv6Properties().Index;
        }
        catch (NetworkInformationException)
        {
            return props.GetIPv4Properties().Index;
        }
    }
}
