using System.Net;
using System.Net.Sockets;
using HaAppliance.Vrrp.Router;

namespace HaAppliance.Vrrp.Packets;

/// <summary>
/// What a virtual router expects of the adverts for its VRID, precomputed once so that
/// <see cref="VrrpPacket.Validate"/> compares bytes without allocating.
/// </summary>
public sealed class VrrpExpectation
{
    /// <summary>Creates the expectation.</summary>
    /// <param name="version">The VRRP version the router runs.</param>
    /// <param name="addresses">The router's virtual addresses (all of one family).</param>
    /// <param name="advertIntervalCentiseconds">The configured interval; v2 compares it (v3 learns the master's).</param>
    /// <param name="authType">v2 auth type.</param>
    /// <param name="password">v2 simple password, up to 8 bytes of UTF-8.</param>
    public VrrpExpectation(
        VrrpVersion version,
        IReadOnlyList<IPAddress> addresses,
        int advertIntervalCentiseconds = 100,
        VrrpAuthType authType = VrrpAuthType.None,
        string? password = null)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        Version = version;
        AdvertIntervalCentiseconds = advertIntervalCentiseconds;
        AuthType = authType;
        int size = addresses.Count > 0 && addresses[0].AddressFamily == AddressFamily.InterNetworkV6 ? 16 : 4;
        var block = new byte[addresses.Count * size];
        for (int i = 0; i < addresses.Count; i++)
        {
            if (!addresses[i].TryWriteBytes(block.AsSpan(i * size, size), out int written) || written != size)
            {
                throw new ArgumentException($"virtual address {addresses[i]} is not of the same family as {addresses[0]}", nameof(addresses));
            }
        }

        AddressBlock = block;
        var auth = new byte[VrrpPacket.AuthDataLength];
        VrrpEncoder.WritePassword(password, auth);
        AuthData = auth;
    }

    /// <summary>The expectation of the router configured by <paramref name="options"/>; v2 authentication is not part of them.</summary>
    public static VrrpExpectation For(RouterOptions options, VrrpAuthType authType = VrrpAuthType.None, string? password = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new VrrpExpectation(options.Version, options.VirtualAddresses, options.AdvertIntervalCentiseconds, authType, password);
    }

    /// <summary>The version the router runs.</summary>
    public VrrpVersion Version { get; }

    /// <summary>Configured advert interval in centiseconds.</summary>
    public int AdvertIntervalCentiseconds { get; }

    /// <summary>Configured v2 auth type.</summary>
    public VrrpAuthType AuthType { get; }

    /// <summary>The configured addresses, packed in configuration order.</summary>
    public ReadOnlyMemory<byte> AddressBlock { get; }

    /// <summary>The 8 auth bytes a v2 simple-password packet must carry.</summary>
    public ReadOnlyMemory<byte> AuthData { get; }
}
