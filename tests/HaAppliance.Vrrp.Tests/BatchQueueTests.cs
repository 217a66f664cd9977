namespace HaAppliance.Vrrp.Tests;

/// <summary>The bounded packet queue of the event loop: drops counted, one wake-up per batch, nothing lost below capacity.</summary>
public sealed class BatchQueueTests
{
    [Test]
    public void Add_BeyondCapacity_DroppedAndCounted()
    {
        var queue = new BatchQueue<int>(3);

        var wake = Enumerable.Range(0, 5).Select(queue.Add).ToList();

        Assert.That(wake, Is.EqualTo(new[] { true, false, false, false, false }), "the consumer is told once");
        Assert.That(queue.Count, Is.EqualTo(3));
        Assert.That(queue.Dropped, Is.EqualTo(2));
    }

    [Test]
    public void TakeBatch_TakesAtMostMaxInOrder_AndSaysWhetherToComeBack()
    {
        var queue = new BatchQueue<int>(10);
        for (var i = 0; i < 5; i++)
        {
            queue.Add(i);
        }

        var taken = new List<int>();
        Assert.That(queue.TakeBatch(3, taken.Add), Is.True, "two remain");
        Assert.That(queue.Add(5), Is.False, "still signalled: the consumer comes back on its own");
        Assert.That(queue.TakeBatch(3, taken.Add), Is.False, "empty now");
        Assert.That(taken, Is.EqualTo(new[] { 0, 1, 2, 3, 4, 5 }));
        Assert.That(queue.Add(6), Is.True, "the next item wakes the consumer again");
    }

    [Test]
    public void ZeroCapacity_Refused() =>
        Assert.That(() => new BatchQueue<int>(0), Throws.TypeOf<ArgumentOutOfRangeException>());
}
