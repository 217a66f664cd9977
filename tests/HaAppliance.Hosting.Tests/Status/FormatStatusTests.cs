using HaAppliance.Vrrp.Router;

namespace HaAppliance.Hosting.Tests.Status;

public sealed class FormatStatusTests
{
    [Test]
    public void FormatStatus_InstanceWithContainedErrors_ShowsTheCount()
    {
        var status = new InstanceStatus("VI_1", "eth0", 51, RouterState.Fault, 100, 100, 0, 0, new Dictionary<string, long>(), ["192.0.2.100/24"], Errors: 3);

        var text = Daemon.FormatStatus([status]);

        Assert.That(text, Does.Contain("VI_1: FAULT on eth0 vrid 51").And.Contain("errors 3"));
    }

    [Test]
    public void FormatStatus_DriftAndSuppressedAnswers_ShowsBothCountsInTextAndJson()
    {
        var status = new InstanceStatus("VI_1", "eth0", 51, RouterState.Backup, 100, 100, 0, 9, new Dictionary<string, long>(), ["192.0.2.100/24"])
        {
            AddressListMismatches = 7,
            AnswersSuppressed = 4,
        };

        var text = Daemon.FormatStatus([status]);
        using var json = System.Text.Json.JsonDocument.Parse(StatusJson.Format([status]));

        Assert.That(text, Does.Contain("address list mismatches 7").And.Contain("answers suppressed 4"));
        var stats = json.RootElement.GetProperty("instances")[0].GetProperty("stats");
        Assert.That(stats.GetProperty("address_list_mismatches").GetInt64(), Is.EqualTo(7));
        Assert.That(stats.GetProperty("answers_suppressed").GetInt64(), Is.EqualTo(4));
    }

    [Test]
    public void FormatStatus_WithReceiveStatus_ShowsEachFamilyAndQueueDrops()
    {
        var receive = new ReceiveStatus(
            [
                new(HaAppliance.Vrrp.IpFamily.IPv4, false, 2, 1, 5, "recvmsg: No buffer space available"),
                new(HaAppliance.Vrrp.IpFamily.IPv6, true, 0, 0, 0, null),
            ],
            QueueDropped: 1234);

        var text = Daemon.FormatStatus([], receive);
        var json = StatusJson.Format([], receive);

        Assert.Multiple(() =>
        {
            Assert.That(text, Does.Contain("receive: IPv4 REOPENING (failures 2, reopens 1, ttl dropped 5, last error: recvmsg: No buffer space available), IPv6 ok (failures 0, reopens 0, ttl dropped 0), queue dropped 1234"));
            using var doc = System.Text.Json.JsonDocument.Parse(json);
            var r = doc.RootElement.GetProperty("receive");
            Assert.That(r.GetProperty("queue_dropped").GetInt64(), Is.EqualTo(1234));
            var v4 = r.GetProperty("paths")[0];
            Assert.That(v4.GetProperty("family").GetString(), Is.EqualTo("inet"));
            Assert.That(v4.GetProperty("receiving").GetBoolean(), Is.False);
            Assert.That(v4.GetProperty("failures").GetInt64(), Is.EqualTo(2));
            Assert.That(v4.GetProperty("reopens").GetInt64(), Is.EqualTo(1));
            Assert.That(v4.GetProperty("ttl_dropped").GetInt64(), Is.EqualTo(5));
            Assert.That(v4.GetProperty("last_error").GetString(), Does.Contain("No buffer space"));
        });
    }
}
