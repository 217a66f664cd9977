using HaAppliance.Abstractions;
using HaAppliance.Notifications.Journal;

namespace HaAppliance.Notifications.Tests.Journal;

public sealed class TransitionJournalTests
{
    private string _dir = "";

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("ha-journal-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    private static TransitionRecord Record(string instance, VrrpState from, VrrpState to, int priority, string cause, DateTimeOffset time) =>
        new(Guid.NewGuid(), time, "lb1", instance, null, from, to, priority, cause);

    [Test]
    public void Append_ThenRead_ReturnsRecordsWithCausesInOrder()
    {
        var t0 = new DateTimeOffset(2026, 11, 25, 19, 0, 0, TimeSpan.Zero);
        var journal = new TransitionJournal(_dir);
        journal.Append(Record("VI_1", VrrpState.Backup, VrrpState.Master, 101, "no advert for 3.6 s (master down)", t0));
        journal.Append(Record("VI_1", VrrpState.Master, VrrpState.Backup, 81, "chk_nginx failed: exit 1; priority 101 → 81; 192.0.2.2 advertised 100", t0.AddMinutes(1)));

        var records = new TransitionJournal(_dir).Read();

        Assert.That(records.Select(r => r.To), Is.EqualTo(new[] { VrrpState.Master, VrrpState.Backup }));
        Assert.That(records[1].Cause, Is.EqualTo("chk_nginx failed: exit 1; priority 101 → 81; 192.0.2.2 advertised 100"));
        Assert.That(records[1].Priority, Is.EqualTo(81));
    }

    [Test]
    public void Read_InstanceQuery_ReturnsOnlyThatInstance()
    {
        var t0 = DateTimeOffset.UtcNow;
        var journal = new TransitionJournal(_dir);
        journal.Append(Record("VI_1", VrrpState.Backup, VrrpState.Master, 100, "a", t0));
        journal.Append(Record("VI_2", VrrpState.Backup, VrrpState.Master, 100, "b", t0));
        journal.Append(Record("VI_1", VrrpState.Master, VrrpState.Fault, 100, "c", t0));

        var records = journal.Read(new TransitionQuery(Instance: "VI_1"));

        Assert.That(records.Select(r => r.Cause), Is.EqualTo(new[] { "a", "c" }));
    }

    [Test]
    public void Read_SinceQuery_DropsOlderRecords()
    {
        var t0 = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var journal = new TransitionJournal(_dir);
        journal.Append(Record("VI_1", VrrpState.Backup, VrrpState.Master, 100, "old", t0));
        journal.Append(Record("VI_1", VrrpState.Master, VrrpState.Backup, 100, "new", t0.AddHours(2)));

        var records = journal.Read(new TransitionQuery(Since: t0.AddHours(1)));

        Assert.That(records.Select(r => r.Cause), Is.EqualTo(new[] { "new" }));
    }

    [Test]
    public void Read_TornLastLineFromCrash_SkipsItAndLaterAppendsStayReadable()
    {
        var journal = new TransitionJournal(_dir);
        journal.Append(Record("VI_1", VrrpState.Backup, VrrpState.Master, 100, "first", DateTimeOffset.UtcNow));
        File.AppendAllText(journal.FilePath, "{\"id\":\"5b0c"); // a write cut short by kill -9
        journal.Append(Record("VI_1", VrrpState.Master, VrrpState.Backup, 90, "after crash", DateTimeOffset.UtcNow.AddSeconds(1)));

        var records = journal.Read();

        Assert.That(records.Select(r => r.Cause), Is.EqualTo(new[] { "first", "after crash" }));
    }

    [Test]
    public void Read_NoJournalYet_ReturnsEmpty()
    {
        Assert.That(new TransitionJournal(Path.Combine(_dir, "none")).Read(), Is.Empty);
    }

    [Test]
    public void Append_Record_WritesStatesAsKeepalivedWords()
    {
        var journal = new TransitionJournal(_dir);
        journal.Append(Record("VI_1", VrrpState.Stop, VrrpState.Backup, 100, "startup", new DateTimeOffset(2026, 11, 25, 19, 0, 0, TimeSpan.Zero)));

        Assert.That(File.ReadAllText(journal.FilePath), Does.Contain("\"from\":\"STOP\",\"to\":\"BACKUP\""));
    }

    [Test]
    public void Read_FileWrittenWithStrings_StatesParsedInAnyCaseAndOldSpellings()
    {
        Directory.CreateDirectory(_dir);
        File.WriteAllLines(Path.Combine(_dir, TransitionJournal.FileName), [
            """{"id":"6f1c3c55-1b7a-4c43-9a43-0d4e1d7e2b01","time":"2026-11-25T19:00:00+00:00","node":"lb1","instance":"VI_1","syncGroup":null,"from":"STOP","to":"BACKUP","priority":100,"cause":"a"}""",
            """{"id":"6f1c3c55-1b7a-4c43-9a43-0d4e1d7e2b02","time":"2026-11-25T19:00:01+00:00","node":"lb1","instance":"VI_1","syncGroup":null,"from":"Backup","to":"master","priority":100,"cause":"b"}""",
            """{"id":"6f1c3c55-1b7a-4c43-9a43-0d4e1d7e2b03","time":"2026-11-25T19:00:02+00:00","node":"lb1","instance":"VI_1","syncGroup":null,"from":"MASTER","to":"FAULT","priority":100,"cause":"c"}""",
            """{"id":"6f1c3c55-1b7a-4c43-9a43-0d4e1d7e2b04","time":"2026-11-25T19:00:03+00:00","node":"lb1","instance":"VI_1","syncGroup":null,"from":"INIT","to":"STOPPED","priority":100,"cause":"d"}""",
            """{"id":"6f1c3c55-1b7a-4c43-9a43-0d4e1d7e2b05","time":"2026-11-25T19:00:04+00:00","node":"lb1","instance":"VI_1","syncGroup":null,"from":"SLEEPING","to":"BACKUP","priority":100,"cause":"e"}""",
        ]);

        var records = new TransitionJournal(_dir).Read();

        Assert.That(
            records.Select(r => (r.From, r.To, r.Cause)),
            Is.EqualTo(new[]
            {
                (VrrpState.Stop, VrrpState.Backup, "a"),
                (VrrpState.Backup, VrrpState.Master, "b"),
                (VrrpState.Master, VrrpState.Fault, "c"),
                (VrrpState.Stop, VrrpState.Stop, "d"),
            }),
            "an unknown state word makes its line unreadable, like any other bad line");
    }

    [Test]
    public void FromEvent_StateChange_CarriesReasonAsCause()
    {
        var e = StateChanges.Make("VI_1", VrrpState.Backup, VrrpState.Master, 101, "master down", syncGroup: "G1");

        var r = TransitionRecord.FromEvent(e);

        Assert.That((r.Id, r.Instance, r.SyncGroup, r.From, r.To, r.Priority, r.Cause), Is.EqualTo((e.Id, "VI_1", "G1", VrrpState.Backup, VrrpState.Master, 101, "master down")));
    }

    [Test]
    public void Append_PastMaxBytes_RotatesAndReadSpansBothGenerations()
    {
        var journal = new TransitionJournal(_dir) { MaxBytes = 2048 };
        var t0 = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        for (var i = 0; i < 40; i++)
        {
            journal.Append(Record("VI_1", VrrpState.Backup, VrrpState.Master, 100, $"n{i}", t0.AddSeconds(i)));
        }

        var causes = journal.Read().Select(r => r.Cause).ToList();
        Assert.That(new FileInfo(journal.FilePath).Length, Is.LessThanOrEqualTo(2048));
        Assert.That(File.Exists(journal.PreviousFilePath), Is.True);
        Assert.That(causes[^1], Is.EqualTo("n39"), "the newest record is always kept");
        Assert.That(causes, Has.Count.LessThan(40), "the oldest generation was dropped");
        Assert.That(causes, Is.EqualTo(Enumerable.Range(40 - causes.Count, causes.Count).Select(i => $"n{i}")), "what remains is contiguous and in order");
    }
}
