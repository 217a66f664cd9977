using System.Net;
using HaAppliance.Vrrp;

namespace HaAppliance.Kernel.Transport;

/// <summary>Sends and receives raw VRRP payloads (IP protocol 112). The live daemon uses <see cref="VrrpTransport"/>.</summary>
public interface IVrrpTransport : IDisposable
{
    /// <summary>Joins the VRRP multicast group (or <paramref name="group"/>) of <paramref name="family"/> on an interface.</summary>
    void JoinGroup(int ifIndex, IpFamily family, IPAddress? group = null);

    void LeaveGroup(int ifIndex, IpFamily family, IPAddress? group = null);

    /// <summary>Sends one VRRP payload out of <paramref name="ifIndex"/> with TTL / hop limit 255.</summary>
    /// <param name="sourceAddress">Source to use (the primary or unicast_src_ip); null lets the kernel choose.</param>
    ValueTask SendAsync(int ifIndex, IpFamily family, IPAddress destination, IPAddress? sourceAddress, ReadOnlyMemory<byte> vrrpPayload, CancellationToken cancellationToken = default);

    /// <summary>Packets of both families as they arrive, until cancelled or disposed.</summary>
    IAsyncEnumerable<ReceivedPacket> ReceiveAllAsync(CancellationToken cancellationToken = default);
}
