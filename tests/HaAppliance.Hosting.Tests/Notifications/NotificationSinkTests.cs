using HaAppliance.Abstractions;
using System.Net;
using HaAppliance.Hosting.Plugins;
using HaAppliance.Notifications.Journal;
using HaAppliance.Vrrp.Router;
using Microsoft.Extensions.Logging.Abstractions;

namespace HaAppliance.Hosting.Tests.Notifications;

/// <summary>The daemon's sink: a sync group's state from its members' states, and its keepalived-style notify words.</summary>
public sealed class NotificationSinkTests
{
    private TempFolder _dir = null!;

    [SetUp]
    public void SetUp() => _dir = new TempFolder("ha-sink-");

    [TearDown]
    public void TearDown() => _dir.Dispose();

    [Test]
    public async Task Publish_MembersOfSyncGroup_GroupScriptGetsMasterOnlyWhenAllAreAndFaultWhenAnyIs()
    {
        var output = _dir.File("group.log");
        var config = new HaConfig();
        config.Instances.Add(new InstanceConfig { Name = "VI_1" });
        config.Instances.Add(new InstanceConfig { Name = "VI_2" });
        var group = new SyncGroupConfig { Name = "G1", Notify = new NotifyScripts { Any = _dir.Script("group.sh", $"echo \"$@\" >> {output}") } };
        group.Instances.AddRange(["VI_1", "VI_2"]);
        config.SyncGroups.Add(group);
        using var catalog = new PluginCatalog();
        var sink = new NotificationSink(config, catalog, _dir.File("state"), NullLoggerFactory.Instance);

        foreach (var (instance, from, to) in new[]
        {
            ("VI_1", VrrpState.Stop, VrrpState.Backup),
            ("VI_2", VrrpState.Stop, VrrpState.Backup),
            ("VI_1", VrrpState.Backup, VrrpState.Master),
            ("VI_2", VrrpState.Backup, VrrpState.Master),
            ("VI_1", VrrpState.Master, VrrpState.Fault),
        })
        {
            sink.Publish(StateChanges.Make(instance, from, to, syncGroup: "G1"));
        }

        await sink.DisposeAsync(); // runs what is queued

        Assert.That(File.ReadAllLines(output), Is.EqualTo(new[] { "GROUP G1 BACKUP 0", "GROUP G1 MASTER 0", "GROUP G1 FAULT 0" }));
    }

    [Test]
    public async Task Publish_GroupTransition_IsJournaledWithTheMemberThatCausedIt()
    {
        var config = new HaConfig();
        config.Instances.Add(new InstanceConfig { Name = "VI_1" });
        config.Instances.Add(new InstanceConfig { Name = "VI_2" });
        var group = new SyncGroupConfig { Name = "G1" };
        group.Instances.AddRange(["VI_1", "VI_2"]);
        config.SyncGroups.Add(group);
        using var catalog = new PluginCatalog();
        var sink = new NotificationSink(config, catalog, _dir.Path, NullLoggerFactory.Instance);

        sink.Publish(StateChanges.Make("VI_2", VrrpState.Backup, VrrpState.Master, reason: "master down timer expired", syncGroup: "G1"));
        sink.Publish(StateChanges.Make("VI_1", VrrpState.Backup, VrrpState.Master, reason: "sync group G1: VI_2 became MASTER", syncGroup: "G1"));
        await sink.DisposeAsync();

        var records = new HaAppliance.Notifications.Journal.TransitionJournal(_dir.Path).Read().Where(r => r.Instance == "G1").ToList();
        Assert.That(records.Select(r => r.To), Is.EqualTo(new[] { VrrpState.Backup, VrrpState.Master }));
        Assert.That(records[^1].Cause, Is.EqualTo("VI_1: sync group G1: VI_2 became MASTER"));
        Assert.That(records[^1].SyncGroup, Is.EqualTo("G1"));
    }

    [Test]
    public async Task AddressListDiffers_JournalsANoteAndRunsNoNotifyScript()
    {
        var output = _dir.File("notify.log");
        var config = new HaConfig();
        config.Instances.Add(new InstanceConfig { Name = "VI_1", Notify = new NotifyScripts { Any = _dir.Script("notify.sh", $"echo \"$@\" >> {output}") } });
        using var catalog = new PluginCatalog();
        var sink = new NotificationSink(config, catalog, _dir.File("state"), NullLoggerFactory.Instance);
        var difference = new RouterAction.AddressListDiffers(
            IPAddress.Parse("192.0.2.1"), [IPAddress.Parse("192.0.2.100"), IPAddress.Parse("192.0.2.101")], [IPAddress.Parse("192.0.2.100")]);

        ((IStateChangeSink)sink).AddressListDiffers(DateTimeOffset.UtcNow, "lb2", "VI_1", VrrpState.Backup, difference);
        await sink.DisposeAsync();

        var record = new TransitionJournal(_dir.File("state")).Read().Single();
        Assert.That(record.Kind, Is.EqualTo(TransitionRecord.AddressListKind));
        Assert.That(record.Cause, Is.EqualTo("address list differs from 192.0.2.1's: theirs 192.0.2.100, 192.0.2.101; ours 192.0.2.100"));
        Assert.That(File.Exists(output), Is.False, "a note is no state change: no notify script runs");
    }
}
