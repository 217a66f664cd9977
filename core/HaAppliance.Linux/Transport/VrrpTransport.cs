using System.Net;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using HaAppliance.Vrrp;

namespace HaAppliance.Linux.Transport;

/// <summary>The live transport: one IPv4 and one IPv6 raw socket, their packets merged into one stream.</summary>
public sealed class VrrpTransport : IDisposable
{
    private readonly RawVrrpSocket? _v4;
    private readonly RawVrrpSocket? _v6;

    private VrrpTransport(RawVrrpSocket? v4, RawVrrpSocket? v6)
    {
        _v4 = v4;
        _v6 = v6;
    }

    /// <summary>
    /// Opens the sockets of the requested families in the calling thread's network namespace;
    /// <paramref name="device"/> binds both to one interface (SO_BINDTODEVICE), for a per-interface transport.
    /// </summary>
    public static VrrpTransport Open(bool ipv4 = true, bool ipv6 = true, string? device = null)
    {
        RawVrrpSocket? v4 = null;
        try
        {
            v4 = ipv4 ? RawVrrpSocket.Open(IpFamily.IPv4, device) : null;
            var v6 = ipv6 ? RawVrrpSocket.Open(IpFamily.IPv6, device) : null;
            return new VrrpTransport(v4, v6);
        }
        catch
        {
            v4?.Dispose();
            throw;
        }
    }

    public RawVrrpSocket Socket(IpFamily family) =>
        (family == IpFamily.IPv4 ? _v4 : _v6) ?? throw new InvalidOperationException($"The transport was opened without {family}.");

    /// <summary>Marks <paramref name="address"/> as ours: packets from it arrive flagged <see cref="ReceivedPacket.FromSelf"/>.</summary>
    public void AddOwnAddress(IPAddress address) =>
        Socket(address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? IpFamily.IPv4 : IpFamily.IPv6).AddOwnAddress(address);

    public void JoinGroup(int ifIndex, IpFamily family, IPAddress? group = null) => Socket(family).JoinGroup(ifIndex, group);

    public void LeaveGroup(int ifIndex, IpFamily family, IPAddress? group = null) => Socket(family).LeaveGroup(ifIndex, group);

    public ValueTask SendAsync(int ifIndex, IpFamily family, IPAddress destination, IPAddress? sourceAddress, ReadOnlyMemory<byte> vrrpPayload, CancellationToken cancellationToken = default) =>
        Socket(family).SendAsync(ifIndex, destination, sourceAddress, vrrpPayload, cancellationToken);

    public async IAsyncEnumerable<ReceivedPacket> ReceiveAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var channel = Channel.CreateBounded<ReceivedPacket>(new BoundedChannelOptions(1024) { FullMode = BoundedChannelFullMode.DropOldest });
        var pumps = new List<Task>();
        foreach (var socket in new[] { _v4, _v6 })
        {
            if (socket is not null)
            {
                pumps.Add(Pump(socket, channel.Writer, stop.Token));
            }
        }
        var completion = Task.WhenAll(pumps).ContinueWith(t => channel.Writer.TryComplete(t.Exception), TaskScheduler.Default);
        try
        {
            await foreach (var packet in channel.Reader.ReadAllAsync(stop.Token).WithCancellation(stop.Token).ConfigureAwait(false))
            {
                yield return packet;
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await completion.ConfigureAwait(false);
        }
    }

    private static async Task Pump(RawVrrpSocket socket, ChannelWriter<ReceivedPacket> writer, CancellationToken cancellationToken)
    {
        await foreach (var packet in socket.ReceiveAllAsync(cancellationToken).ConfigureAwait(false))
        {
            await writer.WriteAsync(packet, cancellationToken).ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        _v4?.Dispose();
        _v6?.Dispose();
    }
}
