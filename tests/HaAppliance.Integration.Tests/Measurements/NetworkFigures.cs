using System.Diagnostics;
using System.Net;
using HaAppliance.Abstractions;
using HaAppliance.Integration.Tests.Harness;
using HaAppliance.Linux.Transport;
using HaAppliance.Plugins.IpCommand;
using HaAppliance.Plugins.Netlink;
using HaAppliance.Vrrp;

namespace HaAppliance.Integration.Tests.Measurements;

/// <summary>
/// Figures for the report: how long a VIP change and an advert round trip take on this machine. Each test checks the
/// work was really done; the timings are printed (run with --logger "console;verbosity=detailed"), never asserted.
/// </summary>
[TestFixture]
[NonParallelizable]
[Category("Measure")]
public sealed class NetworkFigures
{
    private NetworkLab _lab = null!;
    private NetNamespace _a = null!;
    private NetNamespace _b = null!;

    [OneTimeSetUp]
    public void CreateLan()
    {
        Requires.NetworkNamespaces("failover is measured between network namespaces");
        _lab = NetworkLab.Create();
        try
        {
            _a = _lab.AddHost("a", "10.99.3.1/24");
            _b = _lab.AddHost("b", "10.99.3.2/24");
        }
        catch
        {
            _lab.Dispose();
            throw;
        }
    }

    [OneTimeTearDown]
    public void DeleteLan() => _lab?.Dispose();

    private static async Task<TimeSpan> AddRemoveCycles(IVipBackend backend, int cycles)
    {
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < cycles; i++)
        {
            var vip = new VipAddress(IPAddress.Parse($"192.0.2.{(i % 200) + 1}"), 32, "eth0");
            await backend.AddAsync(vip, CancellationToken.None);
            await backend.RemoveAsync(vip, CancellationToken.None);
        }
        return clock.Elapsed;
    }

    [Test]
    public async Task VipChange_NetlinkVersusIpCommand_PrintsMeanPerOperation()
    {
        using var netlink = _a.Run(() => new NetlinkVipBackend());
        var ip = new IpCommandVipBackend(new IpCommandOptions { Netns = _a.Name });
        const int netlinkCycles = 1000;
        const int ipCycles = 50;

        var netlinkTime = await AddRemoveCycles(netlink, netlinkCycles);
        var ipTime = await AddRemoveCycles(ip, ipCycles);

        TestContext.Out.WriteLine($"netlink backend: {netlinkTime.TotalMicroseconds / (2 * netlinkCycles):0} µs per add/remove ({2 * netlinkCycles} operations)");
        TestContext.Out.WriteLine($"ip backend:      {ipTime.TotalMicroseconds / (2 * ipCycles):0} µs per add/remove ({2 * ipCycles} operations)");
        Assert.That(_a.Exec("ip", "-4", "addr", "show", "dev", "eth0"), Does.Not.Contain("192.0.2."), "every VIP added was removed");
    }

    [Test]
    public async Task AdvertRoundTrip_TwoNamespaces_PrintsMeanLatency()
    {
        using var a = _a.Run(() => RawVrrpSocket.Open(IpFamily.IPv4));
        using var b = _b.Run(() => RawVrrpSocket.Open(IpFamily.IPv4));
        var aIf = _a.IfIndex("eth0");
        var bIf = _b.IfIndex("eth0");
        a.JoinGroup(aIf);
        b.JoinGroup(bIf);
        var advert = new byte[] { 0x31, 51, 100, 1, 0, 100, 0, 0, 10, 99, 3, 100 };
        const int rounds = 1000;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        // A busy machine may drop a datagram; a lost round is counted and retried instead of hanging the figure.
        var lost = 0;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < rounds; i++)
        {
            using var round = CancellationTokenSource.CreateLinkedTokenSource(cts.Token);
            round.CancelAfter(TimeSpan.FromSeconds(2));
            try
            {
                await a.SendAsync(aIf, VrrpMulticastGroups.IPv4, IPAddress.Parse("10.99.3.1"), advert, round.Token);
                var atB = await b.ReceiveAsync(round.Token);
                await b.SendAsync(bIf, atB.Source, IPAddress.Parse("10.99.3.2"), atB.Vrrp, round.Token);
                var back = await a.ReceiveAsync(round.Token);
                Assert.That(back.Source, Is.EqualTo(IPAddress.Parse("10.99.3.2")));
            }
            catch (OperationCanceledException) when (!cts.IsCancellationRequested)
            {
                lost++;
            }
        }

        TestContext.Out.WriteLine($"raw VRRP transport: {clock.Elapsed.TotalMicroseconds / rounds:0} µs per round trip (multicast out, unicast back; {rounds} rounds, {lost} lost)");
        Assert.That(lost, Is.LessThan(rounds / 100), "rounds lost");
    }
}
