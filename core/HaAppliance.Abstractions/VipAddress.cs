using System.Net;

namespace HaAppliance.Abstractions;

/// <summary>A virtual address to add or remove, with keepalived's per-address options.</summary>
/// <param name="Address">The IPv4 or IPv6 address.</param>
/// <param name="PrefixLength">Prefix length (32 / 128 when not written).</param>
/// <param name="Device">The interface name.</param>
/// <param name="Label">IPv4 address label (<c>eth0:1</c>), if any.</param>
/// <param name="Scope">Address scope (<c>host</c>, <c>link</c>, <c>global</c>, ...), if any.</param>
/// <param name="Broadcast">IPv4 broadcast address, if any.</param>
public sealed record VipAddress(
    IPAddress Address,
    int PrefixLength,
    string Device,
    string? Label = null,
    string? Scope = null,
    IPAddress? Broadcast = null);
