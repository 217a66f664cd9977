using System.Text;
using HaAppliance.Hosting.Metrics;
using HaAppliance.Linux;
using HaAppliance.Vrrp;
using HaAppliance.Vrrp.Router;

namespace HaAppliance.Hosting.Tests.Status;

/// <summary>The fault counters of the status snapshot and the receive paths, as exporter-style series.</summary>
public sealed class DaemonMetricsTests
{
    private static async Task<string> CollectAsync(InstanceStatus status, ReceiveStatus receive)
    {
        var metrics = new DaemonMetrics(() => Task.FromResult<IReadOnlyList<InstanceStatus>>([status]), () => [], () => null, () => receive);
        using var stream = new MemoryStream();
        await metrics.Registry.CollectAndExportAsTextAsync(stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    [Test]
    public async Task Collect_FaultCounters_AddressListErrorsAnswersSuppressedAndReceivePathsPerFamily()
    {
        var status = new InstanceStatus("VI_1", "eth0", 51, RouterState.Backup, 100, 100, 0, 9, new Dictionary<string, long>(), ["192.0.2.100/24"])
        {
            AddressListMismatches = 7,
            AnswersSuppressed = 49,
        };
        var receive = new ReceiveStatus(
            [new ReceivePathStatus(IpFamily.IPv4, false, 2, 1, 0, "recvmsg: No buffer space available"), new ReceivePathStatus(IpFamily.IPv6, true, 5, 3, 0, null)], 0);

        var text = await CollectAsync(status, receive);

        const string vi1 = "iname=\"VI_1\",intf=\"eth0\",vrid=\"51\"";
        Assert.That(text, Does.Contain($"keepalived_addr_list_err_total{{{vi1}}} 7\n"));
        Assert.That(text, Does.Contain($"haapp_answers_suppressed_total{{{vi1}}} 49\n"));
        Assert.That(text, Does.Contain("haapp_receive_failures_total{family=\"inet\"} 2\n").And.Contain("haapp_receive_failures_total{family=\"inet6\"} 5\n"));
        Assert.That(text, Does.Contain("haapp_receive_reopens_total{family=\"inet\"} 1\n").And.Contain("haapp_receive_reopens_total{family=\"inet6\"} 3\n"));
    }
}
