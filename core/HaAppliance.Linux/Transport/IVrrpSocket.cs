using System.Net;
using HaAppliance.Vrrp;

namespace HaAppliance.Linux.Transport;

/// <summary>What <see cref="RawAdvertTransport"/> needs of one family's socket (tests: a socket that fails on cue).</summary>
internal interface IVrrpSocket : IDisposable
{
    IpFamily Family { get; }

    void JoinGroup(int ifIndex, IPAddress? group = null);

    void LeaveGroup(int ifIndex, IPAddress? group = null);

    void Send(int ifIndex, IPAddress destination, IPAddress? source, ReadOnlySpan<byte> vrrp);

    ValueTask<ReceivedPacket> ReceiveAsync(CancellationToken cancellationToken = default);
}
