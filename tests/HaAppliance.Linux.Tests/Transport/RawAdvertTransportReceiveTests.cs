using System.Collections.Concurrent;
using System.Net;
using System.Threading.Channels;
using HaAppliance.Kernel;
using HaAppliance.Linux.Transport;
using HaAppliance.Vrrp;
using Microsoft.Extensions.Time.Testing;

namespace HaAppliance.Linux.Tests.Transport;

/// <summary>
/// The live transport's receive paths with injected sockets: one family's failure (an ICMP error surfacing on the
/// socket, ENOBUFS) is logged and counted, that family's socket reopened after a backoff on fake time with its
/// groups joined again, and the other family never stops. Multicast packets with TTL != 255 never reach the loop.
/// </summary>
[TestFixture]
public sealed class RawAdvertTransportReceiveTests
{
    private static readonly IPAddress Group4 = IPAddress.Parse("224.0.0.18");
    private static readonly IPAddress Group6 = IPAddress.Parse("ff02::12");

    private readonly ConcurrentQueue<FakeSocket> _opened = new();
    private FakeTimeProvider _time = null!;
    private ListLogger _log = null!;
    private FakeSocket _v4 = null!;
    private FakeSocket _v6 = null!;
    private RawAdvertTransport _transport = null!;
    private ConcurrentQueue<ReceivedPacket> _received = null!;
    private CancellationTokenSource _stop = null!;
    private Task _receiving = null!;

    [SetUp]
    public async Task Start()
    {
        _opened.Clear();
        _time = new FakeTimeProvider();
        _log = new ListLogger();
        _v4 = new FakeSocket(IpFamily.IPv4);
        _v6 = new FakeSocket(IpFamily.IPv6);
        _transport = new RawAdvertTransport(_v4, _v6, family =>
        {
            var socket = new FakeSocket(family);
            _opened.Enqueue(socket);
            return socket;
        }, _time, _log);
        await _transport.OpenAsync(Endpoint(IpFamily.IPv4), CancellationToken.None);
        await _transport.OpenAsync(Endpoint(IpFamily.IPv6), CancellationToken.None);
        _received = new ConcurrentQueue<ReceivedPacket>();
        _stop = new CancellationTokenSource();
        _receiving = _transport.ReceiveAsync(_received.Enqueue, _stop.Token);
    }

    [TearDown]
    public async Task Stop()
    {
        await _stop.CancelAsync();
        await _receiving.WaitAsync(TimeSpan.FromSeconds(30));
        await _transport.DisposeAsync();
        _v4.Dispose(); // the transport closed them already; this keeps the analyzer sure of it
        _v6.Dispose();
        _stop.Dispose();
    }

    private static TransportEndpoint Endpoint(IpFamily family) => new(
        "eth0", 2, family, family == IpFamily.IPv4 ? IPAddress.Parse("192.0.2.1") : IPAddress.Parse("fe80::1"), [family == IpFamily.IPv4 ? Group4 : Group6], Unicast: false);

    private static ReceivedPacket Packet(IpFamily family, int ttl = 255, string? destination = null) => new(
        2,
        family,
        family == IpFamily.IPv4 ? IPAddress.Parse("192.0.2.2") : IPAddress.Parse("fe80::2"),
        destination is null ? (family == IpFamily.IPv4 ? Group4 : Group6) : IPAddress.Parse(destination),
        ttl,
        new byte[] { 0x31, 51, 100, 0 });

    private ReceivePathStatus PathOf(IpFamily family) => _transport.ReceivePaths.Single(p => p.Family == family);

    /// <summary>Moves fake time on by <paramref name="step"/> until the IPv4 path was reopened <paramref name="reopens"/> times (the pump may not be waiting yet).</summary>
    private Task ReopenedAfterAsync(TimeSpan step, int reopens) => Eventually.UntilAsync(() =>
    {
        if (PathOf(IpFamily.IPv4).Reopens >= reopens)
        {
            return true;
        }

        _time.Advance(step);
        return false;
    }, $"IPv4 reopened {reopens} time(s)");

    [Test]
    public async Task OneFamilyFails_OtherGoesOn_FailedOneLoggedCountedAndReopenedWithItsGroups()
    {
        _v4.Fail(new IOException("recvmsg: Connection refused (ECONNREFUSED)"));
        await Eventually.UntilAsync(() => PathOf(IpFamily.IPv4).Failures == 1, "the IPv4 failure is counted");

        // IPv6 goes on while IPv4 waits for its backoff.
        _v6.Deliver(Packet(IpFamily.IPv6));
        await Eventually.UntilAsync(() => _received.Any(p => p.Family == IpFamily.IPv6), "IPv6 packets still reach the loop");
        Assert.Multiple(() =>
        {
            Assert.That(PathOf(IpFamily.IPv4), Is.EqualTo(new ReceivePathStatus(IpFamily.IPv4, false, 1, 0, 0, "recvmsg: Connection refused (ECONNREFUSED)")));
            Assert.That(PathOf(IpFamily.IPv6).Receiving, Is.True);
            Assert.That(_log.Messages, Has.Some.Contains("Receiving IPv4 VRRP failed: recvmsg: Connection refused (ECONNREFUSED)"));
            Assert.That(_opened, Is.Empty, "no reopening before the backoff");
        });

        await ReopenedAfterAsync(RawAdvertTransport.MinBackoff, 1);
        var fresh = _opened.Single();
        Assert.That(fresh.Joined, Is.EqualTo(new[] { (2, Group4) }), "the new socket joined the group again");
        Assert.That(_v4.Disposed, Is.True, "the failed socket is closed");
        fresh.Deliver(Packet(IpFamily.IPv4));
        await Eventually.UntilAsync(() => _received.Any(p => p.Family == IpFamily.IPv4), "IPv4 packets reach the loop again");
        Assert.That(PathOf(IpFamily.IPv4).Receiving, Is.True);
    }

    [Test]
    public async Task RepeatedFailures_BackoffDoublesUpToTheCap()
    {
        var waits = new List<long>();
        for (var i = 0; i < 12; i++)
        {
            var socket = i == 0 ? _v4 : await Eventually.ValueAsync(() => _opened.LastOrDefault(), s => s is not null && !s.Disposed && s.Family == IpFamily.IPv4);
            socket!.Fail(new IOException("recvmsg: No buffer space available (ENOBUFS)"));
            await Eventually.UntilAsync(() => PathOf(IpFamily.IPv4).Failures == i + 1, "the failure is counted");
            var line = await Eventually.ValueAsync(() => _log.Messages.LastOrDefault(m => m.Contains($"(failure {i + 1})", StringComparison.Ordinal)), m => m is not null);
            waits.Add(long.Parse(line!.Split(" in ")[1].Split(" ms")[0], System.Globalization.CultureInfo.InvariantCulture));
            await ReopenedAfterAsync(RawAdvertTransport.MaxBackoff, i + 1);
        }

        Assert.That(waits, Is.EqualTo(new long[] { 100, 200, 400, 800, 1600, 3200, 6400, 12800, 25600, 30000, 30000, 30000 }));
    }

    [Test]
    public async Task MulticastWithTtlNot255_DroppedBeforeTheLoopAndCounted()
    {
        _v4.Deliver(Packet(IpFamily.IPv4, ttl: 254));
        _v6.Deliver(Packet(IpFamily.IPv6, ttl: 1));
        _v4.Deliver(Packet(IpFamily.IPv4, ttl: 255));
        await Eventually.UntilAsync(() => _received.Count == 1 && PathOf(IpFamily.IPv4).TtlDropped == 1 && PathOf(IpFamily.IPv6).TtlDropped == 1, "one packet through, two dropped");

        Assert.That(_received.Single().Ttl, Is.EqualTo(255));
    }

    /// <summary>A socket whose receive returns what the test delivers, or fails when told to.</summary>
    private sealed class FakeSocket(IpFamily family) : IVrrpSocket
    {
        private readonly Channel<Func<ReceivedPacket>> _next = Channel.CreateUnbounded<Func<ReceivedPacket>>();

        public IpFamily Family { get; } = family;

        public List<(int, IPAddress)> Joined { get; } = [];

        public bool Disposed { get; private set; }

        public void Deliver(ReceivedPacket packet) => _next.Writer.TryWrite(() => packet);

        public void Fail(Exception error) => _next.Writer.TryWrite(() => throw error);

        public void JoinGroup(int ifIndex, IPAddress? group = null)
        {
            lock (Joined)
            {
                Joined.Add((ifIndex, group!));
            }
        }

        public void LeaveGroup(int ifIndex, IPAddress? group = null)
        {
        }

        public void Send(int ifIndex, IPAddress destination, IPAddress? source, ReadOnlySpan<byte> vrrp)
        {
        }

        public async ValueTask<ReceivedPacket> ReceiveAsync(CancellationToken cancellationToken = default) =>
            (await _next.Reader.ReadAsync(cancellationToken).ConfigureAwait(false))();

        public void Dispose()
        {
            Disposed = true;
            _next.Writer.TryComplete();
        }
    }
}
