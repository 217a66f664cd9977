using System.Net;
using HaAppliance.Vrrp;

namespace HaAppliance.Hosting;

/// <summary>Finds an interface's index and its primary address of a family (IPv6: its link-local address).</summary>
public interface IInterfaceResolver
{
    bool TryResolve(string name, IpFamily family, out int ifIndex, out IPAddress? primary);
}
