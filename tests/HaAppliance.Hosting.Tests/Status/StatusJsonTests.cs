using System.Globalization;
using System.Text.Json;
using HaAppliance.Linux;
using HaAppliance.Vrrp;

namespace HaAppliance.Hosting.Tests.Status;

/// <summary><c>status json</c> on the daemon's real control socket: the document <c>haapp status --json</c> prints.</summary>
[NonParallelizable]
public sealed class StatusJsonTests
{
    [Test]
    public async Task StatusJson_ControlSocket_ReportsInstancesChecksStatsAndSyncGroups()
    {
        await using var daemon = new DaemonFixture();
        await daemon.StartAsync(daemon.Config());
        await daemon.WaitForMastersAsync();
        await DaemonFixture.WaitForAsync(() => ReloadTestPluginRuns(daemon) >= 1, "the check ran");
        var started = DateTimeOffset.UtcNow;

        var answer = await ControlClient.SendAsync(daemon.ControlSocket, "status json");

        Assert.That(answer, Does.StartWith("ok\n"));
        using var doc = JsonDocument.Parse(answer["ok\n".Length..]);
        var instances = doc.RootElement.GetProperty("instances").EnumerateArray().ToDictionary(i => i.GetProperty("name").GetString()!);
        var vi1 = instances["VI_1"];
        Assert.Multiple(() =>
        {
            Assert.That(vi1.GetProperty("state").GetString(), Is.EqualTo("MASTER"));
            Assert.That(vi1.GetProperty("vrid").GetInt32(), Is.EqualTo(51));
            Assert.That(vi1.GetProperty("interface").GetString(), Is.EqualTo("eth0"));
            Assert.That(vi1.GetProperty("family").GetString(), Is.EqualTo("inet"));
            Assert.That(vi1.GetProperty("version").GetInt32(), Is.EqualTo(3));
            Assert.That(instances["VI_2"].GetProperty("version").GetInt32(), Is.EqualTo(2));
            Assert.That(vi1.GetProperty("priority").GetInt32(), Is.EqualTo(100));
            Assert.That(vi1.GetProperty("effective_priority").GetInt32(), Is.EqualTo(100));
            Assert.That(vi1.GetProperty("master").GetString(), Is.EqualTo("192.0.2.1"), "a Master is its own master");
            Assert.That(vi1.GetProperty("vips").EnumerateArray().Select(v => v.GetString()), Is.EqualTo(new[] { "192.0.2.100/24" }));
            var at = DateTimeOffset.Parse(vi1.GetProperty("last_transition").GetString()!, CultureInfo.InvariantCulture);
            Assert.That(at, Is.EqualTo(started).Within(TimeSpan.FromMinutes(1)));
            var check = vi1.GetProperty("checks").EnumerateArray().Single();
            Assert.That(check.GetProperty("name").GetString(), Is.EqualTo("chk_count"));
            Assert.That(check.GetProperty("state").GetString(), Is.EqualTo("up"));
            Assert.That(check.GetProperty("weight").GetInt32(), Is.Zero);
            var stats = vi1.GetProperty("stats");
            Assert.That(stats.GetProperty("adverts_sent").GetInt64(), Is.Positive);
            Assert.That(stats.GetProperty("became_master").GetInt64(), Is.EqualTo(1));
            Assert.That(stats.GetProperty("released_master").GetInt64(), Is.Zero);
            Assert.That(stats.GetProperty("priority_zero_sent").GetInt64(), Is.Zero);
            Assert.That(stats.GetProperty("rejected").ValueKind, Is.EqualTo(JsonValueKind.Object));
            Assert.That(stats.GetProperty("errors").GetInt64(), Is.Zero);
            var group = doc.RootElement.GetProperty("sync_groups").EnumerateArray().Single();
            Assert.That(group.GetProperty("name").GetString(), Is.EqualTo("G1"));
            Assert.That(group.GetProperty("state").GetString(), Is.EqualTo("MASTER"));
            Assert.That(group.GetProperty("members").EnumerateArray().Select(m => m.GetString()), Is.EquivalentTo(new[] { "VI_1", "VI_2" }));
        });
    }

    [Test]
    public async Task StatusJson_CheckFails_CheckDownAndGroupInFault()
    {
        await using var daemon = new DaemonFixture();
        await daemon.StartAsync(daemon.Config());
        await daemon.WaitForMastersAsync();

        Reload.ReloadTestPlugin.Healthy[daemon.Counter] = false;
        JsonElement root = default;
        for (var i = 0; i < 200; i++)
        {
            var answer = await ControlClient.SendAsync(daemon.ControlSocket, "status json");
            root = JsonDocument.Parse(answer["ok\n".Length..]).RootElement;
            if (root.GetProperty("sync_groups")[0].GetProperty("state").GetString() == "FAULT")
            {
                break;
            }

            await Task.Delay(50);
        }

        var vi1 = root.GetProperty("instances").EnumerateArray().Single(i => i.GetProperty("name").GetString() == "VI_1");
        Assert.That(vi1.GetProperty("checks")[0].GetProperty("state").GetString(), Is.EqualTo("down"));
        Assert.That(vi1.GetProperty("state").GetString(), Is.EqualTo("FAULT"));
        Assert.That(vi1.GetProperty("master").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(vi1.GetProperty("stats").GetProperty("released_master").GetInt64(), Is.EqualTo(1));
        Assert.That(vi1.GetProperty("stats").GetProperty("priority_zero_sent").GetInt64(), Is.EqualTo(1));
        Assert.That(root.GetProperty("sync_groups")[0].GetProperty("state").GetString(), Is.EqualTo("FAULT"));
    }

    [Test]
    public async Task StatusJson_Backup_MasterIsThePeersAddress()
    {
        var lan = new InMemoryTransportHub();
        await using var master = new DaemonFixture(lan, "lb1", "192.0.2.1");
        await using var backup = new DaemonFixture(lan, "lb2", "192.0.2.2");
        await master.StartAsync(master.Config());
        await master.WaitForMastersAsync();
        await backup.StartAsync(backup.Config().Replace("priority: 100", "priority: 50", StringComparison.Ordinal).Replace("priority: 90", "priority: 40", StringComparison.Ordinal));

        JsonElement vi1 = default;
        for (var i = 0; i < 200; i++)
        {
            var answer = await ControlClient.SendAsync(backup.ControlSocket, "status json");
            vi1 = JsonDocument.Parse(answer["ok\n".Length..]).RootElement.GetProperty("instances").EnumerateArray().Single(x => x.GetProperty("name").GetString() == "VI_1");
            if (vi1.GetProperty("state").GetString() == "BACKUP" && vi1.GetProperty("master").ValueKind == JsonValueKind.String)
            {
                break;
            }

            await Task.Delay(50);
        }

        Assert.That(vi1.GetProperty("state").GetString(), Is.EqualTo("BACKUP"));
        Assert.That(vi1.GetProperty("master").GetString(), Is.EqualTo("192.0.2.1"), "the source of the Master's adverts");
        Assert.That(vi1.GetProperty("stats").GetProperty("adverts_received").GetInt64(), Is.Positive);
    }

    [Test]
    public async Task Status_PlainCommand_StillTheTextTable()
    {
        await using var daemon = new DaemonFixture();
        await daemon.StartAsync(daemon.Config());

        var answer = await ControlClient.SendAsync(daemon.ControlSocket, "status");

        Assert.That(answer, Does.StartWith("ok\n").And.Contain("VI_1: ").And.Not.Contain("{"));
    }

    private static int ReloadTestPluginRuns(DaemonFixture daemon) => Reload.ReloadTestPlugin.Runs.GetValueOrDefault(daemon.Counter);
}
