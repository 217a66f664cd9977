using HaAppliance.Abstractions;
using HaAppliance.Notifications.Journal;

namespace HaAppliance.Notifications.Tests.Journal;

public sealed class TransitionTimelineTests
{
    [Test]
    public void FormatLine_Record_ShowsTimeInstanceStatesPriorityAndCause()
    {
        var r = new TransitionRecord(Guid.NewGuid(), new DateTimeOffset(2026, 11, 25, 19, 43, 32, 123, TimeSpan.Zero), "lb1", "VI_1", null, VrrpState.Master, VrrpState.Backup, 81, "chk_nginx failed: exit 1");

        var line = TransitionTimeline.FormatLine(r);

        Assert.That(line, Is.EqualTo("2026-11-25T19:43:32.123Z lb1 (VI_1) MASTER -> BACKUP prio 81: chk_nginx failed: exit 1"));
    }

    [Test]
    public void FormatLine_AddressListNote_ShowsBothListsNotATransition()
    {
        var r = TransitionRecord.AddressListDiffers(
            new DateTimeOffset(2026, 11, 25, 19, 43, 32, 123, TimeSpan.Zero), "lb2", "VI_1", null, VrrpState.Backup, "192.0.2.1", ["192.0.2.100", "192.0.2.101"], ["192.0.2.100"]);

        var line = TransitionTimeline.FormatLine(r);

        Assert.That(line, Is.EqualTo("2026-11-25T19:43:32.123Z lb2 (VI_1) address list differs from 192.0.2.1's: theirs 192.0.2.100, 192.0.2.101; ours 192.0.2.100"));
    }

    [Test]
    public void Journal_AddressListNote_ReadBackWithItsKindAndTransitionsWithout()
    {
        using var folder = new TempFolder();
        var journal = new TransitionJournal(folder.Path);
        var time = new DateTimeOffset(2026, 11, 25, 19, 43, 32, TimeSpan.Zero);
        journal.Append(new TransitionRecord(Guid.NewGuid(), time, "lb2", "VI_1", null, VrrpState.Stop, VrrpState.Backup, 100, "start"));
        journal.Append(TransitionRecord.AddressListDiffers(time.AddSeconds(1), "lb2", "VI_1", null, VrrpState.Backup, "192.0.2.1", ["192.0.2.101"], ["192.0.2.100"]));

        var records = journal.Read();

        Assert.That(records.Select(r => r.Kind), Is.EqualTo(new[] { null, TransitionRecord.AddressListKind }));
        Assert.That(File.ReadAllLines(journal.FilePath)[0], Does.Not.Contain("kind"), "transition lines keep their format");
    }

    [TestCase("15m", 15 * 60)]
    [TestCase("2h", 2 * 3600)]
    [TestCase("90s", 90)]
    [TestCase("7d", 7 * 86400)]
    public void TryParseSince_Span_CountsBackFromNow(string text, int seconds)
    {
        var now = new DateTimeOffset(2026, 11, 25, 20, 0, 0, TimeSpan.Zero);

        Assert.That(TransitionTimeline.TryParseSince(text, now, out var since), Is.True);
        Assert.That(now - since, Is.EqualTo(TimeSpan.FromSeconds(seconds)));
    }

    [Test]
    public void TryParseSince_IsoTime_ParsesIt()
    {
        Assert.That(TransitionTimeline.TryParseSince("2026-11-25T19:00:00Z", DateTimeOffset.UtcNow, out var since), Is.True);
        Assert.That(since, Is.EqualTo(new DateTimeOffset(2026, 11, 25, 19, 0, 0, TimeSpan.Zero)));
    }

    [TestCase("yesterday-ish")]
    [TestCase("")]
    [TestCase("5x")]
    public void TryParseSince_Garbage_ReturnsFalse(string text)
    {
        Assert.That(TransitionTimeline.TryParseSince(text, DateTimeOffset.UtcNow, out _), Is.False);
    }
}
