using System.Net;
using BenchmarkDotNet.Attributes;
using HaAppliance.Abstractions;
using HaAppliance.Kernel;
using HaAppliance.Vrrp;
using HaAppliance.Vrrp.Router;
using Microsoft.Extensions.Logging.Abstractions;

namespace HaAppliance.Benchmarks;

/// <summary>
/// The whole send path of the event loop: N Masters at 10 ms, one clock step wakes the loop, the deadline heap hands
/// it the due routers, each router steps, its advert is encoded and given to the transport. Per advert.
/// </summary>
[MemoryDiagnoser]
public class EngineBenchmarks
{
    private const int Rounds = 20;
    private readonly RouterSteppingClock _clock = new();
    private readonly CancellationTokenSource _stop = new();
    private VrrpEngine _engine = null!;
    private Task _loop = Task.CompletedTask;

    /// <summary>Masters on one interface.</summary>
    [Params(255)]
    public int Routers { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var specs = Enumerable.Range(1, Routers).Select(Spec).ToList();
        _engine = new VrrpEngine("lb1", new NullTransport(), _ => new NullBackend(), NullVipAnnouncer.Instance, NullStateChangeSink.Instance, _clock, NullLogger.Instance);
        _loop = _engine.RunAsync(specs, removeStaleVips: false, _stop.Token);
        _engine.BarrierAsync().GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _stop.Cancel();
        try
        {
            _loop.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Twenty intervals of N Masters: 20 × N adverts.</summary>
    [Benchmark(OperationsPerInvoke = Rounds * 255)]
    public async Task MastersSendOneInterval()
    {
        for (var i = 0; i < Rounds; i++)
        {
            _clock.Step(TimeSpan.FromMilliseconds(10));
            await _engine.BarrierAsync().ConfigureAwait(false);
        }
    }

    private static InstanceSpec Spec(int vrid)
    {
        var primary = IPAddress.Parse("192.0.2.1");
        var vip = new IPAddress([10, 200, 0, (byte)vrid]);
        return new InstanceSpec
        {
            Name = $"VI_{vrid}",
            Router = new RouterOptions
            {
                Name = $"VI_{vrid}",
                Vrid = (byte)vrid,
                Priority = 255,
                AdvertIntervalCentiseconds = 1,
                PrimaryAddress = primary,
                VirtualAddresses = [vip],
            },
            Endpoint = new TransportEndpoint("eth0", 2, IpFamily.IPv4, primary, [IPAddress.Parse("224.0.0.18")], false),
            Vips = [new VipAddress(vip, 32, "eth0")],
        };
    }

    private sealed class NullTransport : IAdvertTransport
    {
        public ValueTask OpenAsync(TransportEndpoint endpoint, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask CloseAsync(TransportEndpoint endpoint, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public void Send(TransportEndpoint endpoint, ReadOnlySpan<byte> payload)
        {
        }

        public Task ReceiveAsync(Action<ReceivedPacket> onPacket, CancellationToken cancellationToken) => Task.Delay(Timeout.Infinite, cancellationToken);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private sealed class NullBackend : IVipBackend
    {
        public Task AddAsync(VipAddress vip, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task RemoveAsync(VipAddress vip, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<bool> ExistsAsync(VipAddress vip, CancellationToken cancellationToken) => Task.FromResult(false);
    }
}
