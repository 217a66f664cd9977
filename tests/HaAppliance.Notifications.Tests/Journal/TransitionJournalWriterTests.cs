using HaAppliance.Abstractions;
using HaAppliance.Notifications.Journal;

namespace HaAppliance.Notifications.Tests.Journal;

public sealed class TransitionJournalWriterTests
{
    private string _dir = "";

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("ha-jwriter-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    private static TransitionRecord Record(int n) =>
        new(Guid.NewGuid(), DateTimeOffset.UnixEpoch.AddSeconds(n), "lb1", "VI_1", null, VrrpState.Backup, VrrpState.Master, 100, $"cause {n}");

    [Test]
    public async Task Append_ThenFlush_AllRecordsOnDiskInOrder()
    {
        await using var writer = new TransitionJournalWriter(new TransitionJournal(_dir));

        for (var i = 0; i < 50; i++)
        {
            Assert.That(writer.Append(Record(i)), Is.True);
        }

        await writer.FlushAsync();

        Assert.That(new TransitionJournal(_dir).Read().Select(r => r.Cause), Is.EqualTo(Enumerable.Range(0, 50).Select(i => $"cause {i}")));
    }

    [Test]
    public async Task DisposeAsync_QueuedRecords_AreWrittenFirst()
    {
        var writer = new TransitionJournalWriter(new TransitionJournal(_dir));
        writer.Append(Record(1));
        writer.Append(Record(2));

        await writer.DisposeAsync();

        Assert.That(new TransitionJournal(_dir).Read(), Has.Count.EqualTo(2));
    }
}
