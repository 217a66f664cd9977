using System.Net;

namespace HaAppliance.Vrrp;

/// <summary>
/// A decoded, validated VRRP advertisement as the virtual router consumes it.
/// The codec produces it from wire bytes (after packet-level validation) and builds wire bytes from it.
/// </summary>
/// <param name="Version">Protocol version.</param>
/// <param name="Vrid">Virtual router id, 1–255.</param>
/// <param name="Priority">Sender's priority, 0–255 (0: the master is leaving; 255: address owner).</param>
/// <param name="IntervalCentiseconds">Advertisement interval in centiseconds (v2 seconds are converted: 1 s = 100 cs).</param>
/// <param name="Source">IP source address of the packet (the sender's primary address).</param>
/// <param name="Addresses">The virtual addresses carried in the packet, in packet order.</param>
public sealed record Advertisement(
    VrrpVersion Version,
    byte Vrid,
    byte Priority,
    int IntervalCentiseconds,
    IPAddress Source,
    IReadOnlyList<IPAddress> Addresses)
{
    /// <summary>The family of <see cref="Source"/>.</summary>
    public IpFamily Family => Source.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? IpFamily.IPv6 : IpFamily.IPv4;
}
