using HaAppliance.Notifications;

namespace HaAppliance.Notifications.Tests.Notifications;

public sealed class NotificationOutboxTests
{
    private string _dir = "";

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("ha-outbox-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void Enqueue_AfterReopen_ContinuesSequenceAndKeepsOrder()
    {
        var first = new NotificationOutbox(_dir);
        first.Enqueue("hook", StateChanges.Numbered("VI_1", 1));
        first.Enqueue("hook", StateChanges.Numbered("VI_1", 2));

        var reopened = new NotificationOutbox(_dir); // as after a restart
        reopened.Enqueue("hook", StateChanges.Numbered("VI_1", 3));

        var pending = reopened.Pending("hook");
        Assert.That(pending.Select(p => p.Event.Reason), Is.EqualTo(new[] { "transition 1", "transition 2", "transition 3" }));
        Assert.That(pending.Select(p => p.Sequence), Is.Ordered.Ascending);
    }

    [Test]
    public void Complete_DeliveredEntry_RemovesIt()
    {
        var outbox = new NotificationOutbox(_dir);
        var a = outbox.Enqueue("hook", StateChanges.Numbered("VI_1", 1));
        outbox.Enqueue("hook", StateChanges.Numbered("VI_1", 2));

        outbox.Complete(a);

        Assert.That(outbox.Pending("hook").Select(p => p.Event.Reason), Is.EqualTo(new[] { "transition 2" }));
        Assert.That(outbox.PendingCount("hook"), Is.EqualTo(1));
    }

    [Test]
    public void DeadLetter_FailingEntry_MovesItToTheDeadLetterFile()
    {
        var outbox = new NotificationOutbox(_dir);
        var e = StateChanges.Numbered("VI_1", 1);
        var entry = outbox.Enqueue("hook", e);

        outbox.DeadLetter(entry, 5, "503 Service Unavailable");

        Assert.That(outbox.Pending("hook"), Is.Empty);
        var letters = outbox.DeadLetters("hook");
        Assert.That(letters, Has.Count.EqualTo(1));
        Assert.That((letters[0].Event.Id, letters[0].Attempts, letters[0].Error), Is.EqualTo((e.Id, 5, "503 Service Unavailable")));
    }

    [Test]
    public void DeadLetter_FileReachesItsCap_OldestAreDroppedCountedAndLogged()
    {
        var outbox = new NotificationOutbox(_dir) { MaxDeadLetterBytes = 4096 };
        var log = new ListLogger();
        var dropped = 0;

        for (var i = 1; i <= 40; i++)
        {
            outbox.DeadLetter(outbox.Enqueue("mail", StateChanges.Numbered("VI_1", i)), 3, "connection refused", out var d);
            TargetWorker.LogDropped(log, outbox, "mail", d);
            dropped += d;
        }

        var kept = outbox.DeadLetters("mail");
        Assert.That(new FileInfo(Path.Combine(outbox.TargetDirectory("mail"), NotificationOutbox.DeadLetterFileName)).Length, Is.LessThanOrEqualTo(4096));
        Assert.That(dropped, Is.GreaterThan(0));
        Assert.That(kept.Select(l => l.Event.Reason), Is.EqualTo(Enumerable.Range(dropped + 1, 40 - dropped).Select(i => $"transition {i}")), "the newest are kept, in order");
        Assert.That(outbox.DeadLettersDropped("mail"), Is.EqualTo(dropped));
        Assert.That(new NotificationOutbox(_dir).DeadLettersDropped("mail"), Is.EqualTo(dropped), "the count survives a restart");
        Assert.That(log.Messages.Last(), Does.Contain($"({dropped} dropped so far)").And.Contain("over 4096 bytes"));
    }

    [Test]
    public void Pending_CorruptEntryFile_IsSetAsideAndTheRestStillFlows()
    {
        var outbox = new NotificationOutbox(_dir);
        var a = outbox.Enqueue("hook", StateChanges.Numbered("VI_1", 1));
        outbox.Enqueue("hook", StateChanges.Numbered("VI_1", 2));
        File.WriteAllText(Path.Combine(outbox.TargetDirectory("hook"), a.Sequence.ToString("D20", System.Globalization.CultureInfo.InvariantCulture) + ".json"), "{not json");

        var pending = outbox.Pending("hook");

        Assert.That(pending.Select(p => p.Event.Reason), Is.EqualTo(new[] { "transition 2" }));
        Assert.That(File.ReadAllText(Path.Combine(outbox.TargetDirectory("hook"), NotificationOutbox.DeadLetterFileName)), Does.Contain("unreadable"));
    }

    [Test]
    public void Pending_LeftoverTempFileFromCrash_IsIgnored()
    {
        var outbox = new NotificationOutbox(_dir);
        outbox.Enqueue("hook", StateChanges.Numbered("VI_1", 1));
        File.WriteAllText(Path.Combine(outbox.TargetDirectory("hook"), ".00000000000000000001.json.tmp"), "{\"Event\":");

        Assert.That(new NotificationOutbox(_dir).Pending("hook"), Has.Count.EqualTo(1));
    }

    [TestCase("../etc")]
    [TestCase("a/b")]
    [TestCase("")]
    public void Enqueue_UnsafeTargetName_ThrowsNamingIt(string name)
    {
        var outbox = new NotificationOutbox(_dir);

        Assert.That(() => outbox.Enqueue(name, StateChanges.Numbered("VI_1", 1)), Throws.ArgumentException.With.Message.Contains($"'{name}'"));
    }
}
