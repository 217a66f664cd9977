using HaAppliance.Config;
using HaAppliance.Notifications.Journal;
using HaAppliance.Notifications;
using HaAppliance.Notifications.Scripts;

namespace HaAppliance.Notifications.Tests.Notifications;

[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class StateChangeNotificationsTests
{
    private string _dir = "";

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("ha-statechange-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    [Test]
    public async Task InstanceChanged_Configured_JournalsRunsScriptAndNotifiesOnlyNamedNotifiers()
    {
        var script = Path.Combine(_dir, "notify.sh");
        var output = Path.Combine(_dir, "out");
        File.WriteAllText(script, $"#!/bin/sh\necho \"$1 $2 $3 $4\" >> {output}\n");
        File.SetUnixFileMode(script, (UnixFileMode)0x1ED);
        var mail = new RecordingNotifier();
        var hook = new RecordingNotifier();
        await using var journal = new TransitionJournalWriter(new TransitionJournal(_dir));
        await using var runner = new NotifyScriptRunner(new NotifyScriptOptions());
        await using var dispatcher = new NotificationDispatcher(_dir, [new NotificationTarget("mail", mail), new NotificationTarget("hook", hook)]);
        dispatcher.Start();
        var notifications = new StateChangeNotifications(journal, runner, dispatcher);
        var e = StateChanges.Numbered("VI_1", 1) with { Reason = "chk_nginx failed: exit 1; priority 101 → 81" };

        notifications.InstanceChanged(e, new NotifyScripts { Any = script }, ["hook"]);

        await journal.FlushAsync();
        await runner.WhenIdleAsync("VI_1");
        await hook.WaitForDeliveriesAsync(1);
        await dispatcher.FlushAsync();
        Assert.That(new TransitionJournal(_dir).Read().Single().Cause, Is.EqualTo("chk_nginx failed: exit 1; priority 101 → 81"));
        Assert.That(File.ReadAllText(output).Trim(), Is.EqualTo("INSTANCE VI_1 MASTER 101"));
        Assert.That(hook.Delivered.Single().Id, Is.EqualTo(e.Id));
        Assert.That(mail.Calls, Is.Zero);
        Assert.That(dispatcher.Outbox.PendingCount("mail"), Is.Zero, "nothing was queued for the notifier the instance does not name");
    }
}
