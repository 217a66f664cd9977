using HaAppliance.Notifications.Journal;

namespace HaAppliance.Notifications.Tests.Journal;

public sealed class TransitionJournalTests
{
    private string _dir = "";

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("ha-journal-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    private static TransitionRecord Record(string instance, string from, string to, int priority, string cause, DateTimeOffset time) =>
        new(Guid.NewGuid(), time, "lb1", instance, null, from, to, priority, cause);

    [Test]
    public void Append_ThenRead_ReturnsRecordsWithCausesInOrder()
    {
        var t0 = new DateTimeOffset(2026, 11, 25, 19, 0, 0, TimeSpan.Zero);
        var journal = new TransitionJournal(_dir);
        journal.Append(Record("VI_1", "BACKUP", "MASTER", 101, "no advert for 3.6 s (master down)", t0));
        journal.Append(Record("VI_1", "MASTER", "BACKUP", 81, "chk_nginx failed: exit 1; priority 101 → 81; 192.0.2.2 advertised 100", t0.AddMinutes(1)));

        var records = new TransitionJournal(_dir).Read();

        Assert.That(records.Select(r => r.To), Is.EqualTo(new[] { "MASTER", "BACKUP" }));
        Assert.That(records[1].Cause, Is.EqualTo("chk_nginx failed: exit 1; priority 101 → 81; 192.0.2.2 advertised 100"));
        Assert.That(records[1].Priority, Is.EqualTo(81));
    }

    [Test]
    public void Read_InstanceQuery_ReturnsOnlyThatInstance()
    {
        var t0 = DateTimeOffset.UtcNow;
        var journal = new TransitionJournal(_dir);
        journal.Append(Record("VI_1", "BACKUP", "MASTER", 100, "a", t0));
        journal.Append(Record("VI_2", "BACKUP", "MASTER", 100, "b", t0));
        journal.Append(Record("VI_1", "MASTER", "FAULT", 100, "c", t0));

        var records = journal.Read(new TransitionQuery(Instance: "VI_1"));

        Assert.That(records.Select(r => r.Cause), Is.EqualTo(new[] { "a", "c" }));
    }

    [Test]
    public void Read_SinceQuery_DropsOlderRecords()
    {
        var t0 = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var journal = new TransitionJournal(_dir);
        journal.Append(Record("VI_1", "BACKUP", "MASTER", 100, "old", t0));
        journal.Append(Record("VI_1", "MASTER", "BACKUP", 100, "new", t0.AddHours(2)));

        var records = journal.Read(new TransitionQuery(Since: t0.AddHours(1)));

        Assert.That(records.Select(r => r.Cause), Is.EqualTo(new[] { "new" }));
    }

    [Test]
    public void Read_TornLastLineFromCrash_SkipsItAndLaterAppendsStayReadable()
    {
        var journal = new TransitionJournal(_dir);
        journal.Append(Record("VI_1", "BACKUP", "MASTER", 100, "first", DateTimeOffset.UtcNow));
        File.AppendAllText(journal.FilePath, "{\"id\":\"5b0c"); // a write cut short by kill -9
        journal.Append(Record("VI_1", "MASTER", "BACKUP", 90, "after crash", DateTimeOffset.UtcNow.AddSeconds(1)));

        var records = journal.Read();

        Assert.That(records.Select(r => r.Cause), Is.EqualTo(new[] { "first", "after crash" }));
    }

    [Test]
    public void Read_NoJournalYet_ReturnsEmpty()
    {
        Assert.That(new TransitionJournal(Path.Combine(_dir, "none")).Read(), Is.Empty);
    }

    [Test]
    public void FromEvent_StateChange_CarriesReasonAsCause()
    {
        var e = new HaAppliance.Abstractions.StateChangeEvent(Guid.NewGuid(), DateTimeOffset.UtcNow, "lb1", "VI_1", "G1", "Backup", "Master", 101, "master down", ["192.0.2.10/24"]);

        var r = TransitionRecord.FromEvent(e);

        Assert.That((r.Id, r.Instance, r.SyncGroup, r.From, r.To, r.Priority, r.Cause), Is.EqualTo((e.Id, "VI_1", "G1", "Backup", "Master", 101, "master down")));
    }

    [Test]
    public void Append_PastMaxBytes_RotatesAndReadSpansBothGenerations()
    {
        var journal = new TransitionJournal(_dir) { MaxBytes = 2048 };
        var t0 = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        for (var i = 0; i < 40; i++)
        {
            journal.Append(Record("VI_1", "BACKUP", "MASTER", 100, $"n{i}", t0.AddSeconds(i)));
        }

        var causes = journal.Read().Select(r => r.Cause).ToList();
        Assert.That(new FileInfo(journal.FilePath).Length, Is.LessThanOrEqualTo(2048));
        Assert.That(File.Exists(journal.PreviousFilePath), Is.True);
        Assert.That(causes[^1], Is.EqualTo("n39"), "the newest record is always kept");
        Assert.That(causes, Has.Count.LessThan(40), "the oldest generation was dropped");
        Assert.That(causes, Is.EqualTo(Enumerable.Range(40 - causes.Count, causes.Count).Select(i => $"n{i}")), "what remains is contiguous and in order");
    }
}
