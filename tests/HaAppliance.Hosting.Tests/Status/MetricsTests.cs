using System.Globalization;
using System.Text.RegularExpressions;

namespace HaAppliance.Hosting.Tests.Status;

/// <summary><c>/metrics</c> scraped over real HTTP on loopback from a running daemon.</summary>
[NonParallelizable]
public sealed class MetricsTests
{
    private const string Vi1 = "iname=\"VI_1\",intf=\"eth0\",vrid=\"51\"";

    private static async Task<string> ScrapeAsync(Daemon daemon)
    {
        Assert.That(daemon.MetricsEndpoint, Is.Not.Null, "/metrics is served");
        using var http = new HttpClient();
        using var response = await http.GetAsync(new Uri($"http://{daemon.MetricsEndpoint}/metrics"));
        Assert.That((int)response.StatusCode, Is.EqualTo(200));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/plain"));
        return await response.Content.ReadAsStringAsync();
    }

    private static double Value(string text, string series)
    {
        var match = Regex.Match(text, "^" + Regex.Escape(series) + @" (\S+)$", RegexOptions.Multiline);
        Assert.That(match.Success, Is.True, $"{series} in\n{text}");
        return double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    [Test]
    public async Task Metrics_YamlMetricsListen_ServesKeepalivedNamesLabelsAndValues()
    {
        await using var daemon = new DaemonFixture();
        await daemon.StartAsync(daemon.Config(
            global: "metrics_listen: 127.0.0.1:0",
            notifiers: "notifiers:\n  hook:\n    type: webhook\n    url: http://127.0.0.1:1/never",
            instanceNotifiers: "notifiers: [hook]"));
        await daemon.WaitForMastersAsync();
        await DaemonFixture.WaitForAsync(() => Reload.ReloadTestPlugin.Runs.GetValueOrDefault(daemon.Counter) >= 1, "the check ran");

        var text = await ScrapeAsync(daemon.Daemon);

        Assert.Multiple(() =>
        {
            Assert.That(Value(text, $"keepalived_vrrp_state{{{Vi1}}}"), Is.EqualTo(2), "2 is MASTER");
            Assert.That(Value(text, "keepalived_vrrp_state{iname=\"VI_2\",intf=\"eth0\",vrid=\"52\"}"), Is.EqualTo(2));
            Assert.That(Value(text, $"keepalived_advertisements_sent_total{{{Vi1}}}"), Is.Positive);
            Assert.That(Value(text, $"keepalived_advertisements_received_total{{{Vi1}}}"), Is.Zero);
            Assert.That(Value(text, $"keepalived_become_master_total{{{Vi1}}}"), Is.EqualTo(1));
            Assert.That(Value(text, $"keepalived_release_master_total{{{Vi1}}}"), Is.Zero);
            Assert.That(Value(text, $"keepalived_priority_zero_sent_total{{{Vi1}}}"), Is.Zero);
            Assert.That(Value(text, $"keepalived_priority_zero_received_total{{{Vi1}}}"), Is.Zero);
            Assert.That(Value(text, "keepalived_script_status{name=\"chk_count\"}"), Is.EqualTo(1));
            Assert.That(Value(text, $"haapp_effective_priority{{{Vi1}}}"), Is.EqualTo(100));
            Assert.That(Value(text, $"haapp_last_transition_timestamp_seconds{{{Vi1}}}"), Is.EqualTo(DateTimeOffset.UtcNow.ToUnixTimeSeconds()).Within(60));
            Assert.That(Value(text, "haapp_notification_outbox_depth{target=\"hook\"}"), Is.GreaterThanOrEqualTo(0));
            Assert.That(Value(text, "haapp_notification_dead_letters{target=\"hook\"}"), Is.Zero);
            Assert.That(text, Does.Contain("# TYPE keepalived_packet_errors_total counter"));
            Assert.That(Value(text, "haapp_packets_dropped_total{reason=\"queue_full\"}"), Is.Zero);
            Assert.That(Value(text, "haapp_packets_dropped_total{reason=\"ttl\"}"), Is.Zero);
            Assert.That(Value(text, $"keepalived_addr_list_err_total{{{Vi1}}}"), Is.Zero);
            Assert.That(Value(text, $"haapp_answers_suppressed_total{{{Vi1}}}"), Is.Zero);
        });
    }

    [Test]
    public async Task Metrics_CheckFails_StateFaultScriptDownAndCountersMove()
    {
        await using var daemon = new DaemonFixture();
        await daemon.StartAsync(daemon.Config(), new DaemonOptions { ConfigPath = "", MetricsListen = "127.0.0.1:0" });
        await daemon.WaitForMastersAsync();

        Reload.ReloadTestPlugin.Healthy[daemon.Counter] = false;
        var text = "";
        for (var i = 0; i < 200; i++)
        {
            text = await ScrapeAsync(daemon.Daemon);
            if (text.Contains($"keepalived_vrrp_state{{{Vi1}}} 3", StringComparison.Ordinal))
            {
                break;
            }

            await Task.Delay(50);
        }

        Assert.Multiple(() =>
        {
            Assert.That(Value(text, $"keepalived_vrrp_state{{{Vi1}}}"), Is.EqualTo(3), "3 is FAULT");
            Assert.That(Value(text, "keepalived_script_status{name=\"chk_count\"}"), Is.Zero);
            Assert.That(Value(text, $"keepalived_release_master_total{{{Vi1}}}"), Is.EqualTo(1));
            Assert.That(Value(text, $"keepalived_priority_zero_sent_total{{{Vi1}}}"), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Metrics_DocsDashboardAndAlerts_NameOnlyServedMetrics()
    {
        await using var daemon = new DaemonFixture();
        await daemon.StartAsync(daemon.Config(global: "metrics_listen: 127.0.0.1:0", notifiers: "notifiers:\n  hook:\n    type: webhook\n    url: http://127.0.0.1:1/never", instanceNotifiers: "notifiers: [hook]"));
        var served = Regex.Matches(await ScrapeAsync(daemon.Daemon), @"^# TYPE (\S+) ", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);

        foreach (var file in new[] { "docs/monitoring/grafana-dashboard.json", "docs/monitoring/alerts.yml", "docs/operations.md" })
        {
            var text = await File.ReadAllTextAsync(RepositoryPaths.Under(file.Split('/')));
            var named = Regex.Matches(text, @"\b(?:keepalived|haapp)_[a-z_]+[a-z]\b").Select(m => m.Value).Distinct().ToList();
            Assert.That(named, Is.Not.Empty, file);
            Assert.That(named, Is.SubsetOf(served), file);
        }
    }

    [Test]
    public async Task Metrics_ReloadRemovesInstance_ItsSeriesDisappear()
    {
        await using var daemon = new DaemonFixture();
        var yaml = daemon.Config(global: "metrics_listen: 127.0.0.1:0");
        await daemon.StartAsync(yaml);
        Assert.That(await ScrapeAsync(daemon.Daemon), Does.Contain("iname=\"VI_2\""));

        // Everything from VI_2 on (VI_2 and the sync group) goes.
        await File.WriteAllTextAsync(daemon.ConfigPath, yaml[..yaml.IndexOf("  VI_2:", StringComparison.Ordinal)]);
        var (ok, lines) = await daemon.Daemon.ReloadAsync();
        Assert.That(ok, Is.True, string.Join("\n", lines));

        var text = await ScrapeAsync(daemon.Daemon);
        Assert.That(text, Does.Not.Contain("iname=\"VI_2\""));
        Assert.That(text, Does.Contain($"keepalived_vrrp_state{{{Vi1}}}"));
    }

    [Test]
    public async Task Metrics_OtherPath_NotFound()
    {
        await using var daemon = new DaemonFixture();
        await daemon.StartAsync(daemon.Config(global: "metrics_listen: 127.0.0.1:0"));
        using var http = new HttpClient();

        using var response = await http.GetAsync(new Uri($"http://{daemon.Daemon.MetricsEndpoint}/"));

        Assert.That((int)response.StatusCode, Is.EqualTo(404));
    }

    [Test]
    public async Task Metrics_NotConfigured_NothingListens()
    {
        await using var daemon = new DaemonFixture();
        await daemon.StartAsync(daemon.Config());

        Assert.That(daemon.Daemon.MetricsEndpoint, Is.Null);
    }
}
