using HaAppliance.Abstractions;
using HaAppliance.Notifications.Journal;

namespace HaAppliance.Cli.Tests;

/// <summary><c>haapp events</c> reads the journal the daemon writes and answers "why did it fail over?".</summary>
public sealed class EventsCommandTests
{
    private string _dir = "";

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("haapp-events-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    private void Journal(params TransitionRecord[] records)
    {
        var journal = new TransitionJournal(_dir);
        foreach (var r in records)
        {
            journal.Append(r);
        }
    }

    private static TransitionRecord Record(string instance, VrrpState from, VrrpState to, int priority, string cause, DateTimeOffset time) =>
        new(Guid.NewGuid(), time, "lb1", instance, null, from, to, priority, cause);

    [Test]
    public void Events_Journal_PrintsTimelineWithCauses()
    {
        var t = DateTimeOffset.UtcNow.AddMinutes(-5);
        Journal(
            Record("VI_1", VrrpState.Backup, VrrpState.Master, 101, "master down timer expired", t),
            Record("VI_1", VrrpState.Master, VrrpState.Backup, 81, "chk_nginx failed: exited with status 1; priority 101 → 81; higher priority advert from 192.0.2.2 (100 > 81)", t.AddMinutes(1)));

        var (exit, output, error) = CheckTestSupport.Run("events", "--state-dir", _dir);

        Assert.That(exit, Is.EqualTo(0), error);
        var lines = output.TrimEnd().Split('\n');
        Assert.That(lines, Has.Length.EqualTo(2));
        Assert.That(lines[0], Does.Contain("(VI_1)").And.Contain("BACKUP -> MASTER").And.Contain("master down timer expired"));
        Assert.That(lines[1], Does.Contain("MASTER -> BACKUP").And.Contain("prio 81").And.Contain("chk_nginx failed: exited with status 1; priority 101 → 81"));
    }

    [Test]
    public void Events_AddressListNote_PrintedAsTheDifferenceNotATransition()
    {
        var t = DateTimeOffset.UtcNow.AddMinutes(-5);
        Journal(
            Record("VI_1", VrrpState.Stop, VrrpState.Backup, 100, "start", t),
            TransitionRecord.AddressListDiffers(t.AddSeconds(3), "lb1", "VI_1", null, VrrpState.Backup, "192.0.2.1", ["192.0.2.100", "192.0.2.101"], ["192.0.2.100"]));

        var (exit, output, error) = CheckTestSupport.Run("events", "--state-dir", _dir);

        Assert.That(exit, Is.EqualTo(0), error);
        var lines = output.TrimEnd().Split('\n');
        Assert.That(lines, Has.Length.EqualTo(2));
        Assert.That(lines[1], Does.EndWith("lb1 (VI_1) address list differs from 192.0.2.1's: theirs 192.0.2.100, 192.0.2.101; ours 192.0.2.100"));
    }

    [Test]
    public void Events_InstanceAndSince_Filter()
    {
        var now = DateTimeOffset.UtcNow;
        Journal(
            Record("VI_1", VrrpState.Backup, VrrpState.Master, 101, "old", now.AddHours(-3)),
            Record("VI_2", VrrpState.Backup, VrrpState.Master, 101, "other instance", now.AddMinutes(-1)),
            Record("VI_1", VrrpState.Master, VrrpState.Fault, 101, "link eth0 down", now.AddMinutes(-1)));

        var (exit, output, _) = CheckTestSupport.Run("events", "--state-dir", _dir, "--instance", "VI_1", "--since", "2h");

        Assert.That(exit, Is.EqualTo(0));
        Assert.That(output.TrimEnd().Split('\n').Single(), Does.Contain("MASTER -> FAULT").And.Contain("link eth0 down"));
    }

    [Test]
    public void Events_NoJournal_ExitsOneNamingThePath()
    {
        var (exit, _, error) = CheckTestSupport.Run("events", "--state-dir", _dir);

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(error, Does.Contain(Path.Combine(_dir, "transitions.jsonl")));
    }

    [Test]
    public void Events_BadSince_ExitsTwo()
    {
        var (exit, _, error) = CheckTestSupport.Run("events", "--state-dir", _dir, "--since", "yesterday-ish");

        Assert.That(exit, Is.EqualTo(2));
        Assert.That(error, Does.Contain("'yesterday-ish'"));
    }
}
