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
}
