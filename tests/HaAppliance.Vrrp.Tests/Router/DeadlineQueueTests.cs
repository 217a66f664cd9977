using HaAppliance.Vrrp.Router;

namespace HaAppliance.Vrrp.Tests.Router;

/// <summary>The event loop's deadline heap: earliest first, ties in the order set, moves and removals anywhere in the heap.</summary>
public sealed class DeadlineQueueTests
{
    private static TimeSpan Ms(int ms) => TimeSpan.FromMilliseconds(ms);

    [Test]
    public void TakeDue_4096ItemsSetInRandomOrder_ComeOutInDeadlineOrder()
    {
        var queue = new DeadlineQueue<string>();
        var random = new Random(4096);
        var deadlines = Enumerable.Range(0, 4096).Select(_ => Ms(random.Next(0, 100_000))).ToArray();
        for (var i = 0; i < deadlines.Length; i++)
        {
            queue.Set($"r{i}", deadlines[i]);
        }

        var due = new List<string>();
        Assert.That(queue.TakeDue(Ms(100_000), due), Is.EqualTo(4096));

        // Equal deadlines keep the order they were set in (OrderBy is stable).
        var expected = Enumerable.Range(0, 4096).OrderBy(i => deadlines[i]).Select(i => $"r{i}");
        Assert.That(due, Is.EqualTo(expected));
        Assert.That(queue.Count, Is.Zero);
        Assert.That(queue.Next, Is.Null);
    }

    [Test]
    public void TakeDue_SomeDue_TakesOnlyThoseAndLeavesTheRestArmed()
    {
        var queue = new DeadlineQueue<string>();
        queue.Set("late", Ms(30));
        queue.Set("early", Ms(10));
        queue.Set("now", Ms(20));

        var due = new List<string> { "stale" };
        queue.TakeDue(Ms(20), due);

        Assert.That(due, Is.EqualTo(new[] { "early", "now" }));
        Assert.That(queue.Next, Is.EqualTo(Ms(30)));
        Assert.That(queue.DeadlineOf("early"), Is.Null, "taken items are disarmed until set again");
    }

    [Test]
    public void TakeDue_HeldItems_StayArmedForTheirDeadlinesInOrder()
    {
        var queue = new DeadlineQueue<string>();
        queue.Set("backup1", Ms(10));
        queue.Set("master", Ms(10));
        queue.Set("backup2", Ms(15));
        queue.Set("late", Ms(30));

        var due = new List<string>();
        var held = queue.TakeDue(Ms(20), due, static item => item.StartsWith("backup", StringComparison.Ordinal));

        Assert.That(held, Is.EqualTo(2));
        Assert.That(due, Is.EqualTo(new[] { "master" }));
        Assert.That(queue.DeadlineOf("backup1"), Is.EqualTo(Ms(10)));
        Assert.That(queue.DeadlineOf("backup2"), Is.EqualTo(Ms(15)));
        Assert.That(queue.TakeDue(Ms(20), due, null), Is.Zero, "nothing held without a predicate");
        Assert.That(due, Is.EqualTo(new[] { "backup1", "backup2" }), "held items come out later in their order");
        Assert.That(queue.Next, Is.EqualTo(Ms(30)));
    }

    [Test]
    public void Set_MovedAndDisarmedItems_HeapStaysOrdered()
    {
        var queue = new DeadlineQueue<string>();
        var random = new Random(255);
        var model = new Dictionary<string, TimeSpan>();
        var items = Enumerable.Range(0, 300).Select(i => $"r{i}").ToArray(); // items are compared by reference
        for (var step = 0; step < 20_000; step++)
        {
            var item = items[random.Next(0, items.Length)];
            TimeSpan? deadline = random.Next(0, 5) == 0 ? null : Ms(random.Next(0, 1_000));
            queue.Set(item, deadline);
            if (deadline is { } d)
            {
                model[item] = d;
            }
            else
            {
                model.Remove(item);
            }

            Assert.That(queue.Count, Is.EqualTo(model.Count));
            Assert.That(queue.Next, Is.EqualTo(model.Count == 0 ? null : model.Values.Min()));
        }

        var due = new List<string>();
        queue.TakeDue(TimeSpan.MaxValue, due);
        Assert.That(due.Select(i => model[i]), Is.Ordered);
        Assert.That(due, Is.EquivalentTo(model.Keys));
    }

    [Test]
    public void Set_SameDeadlineAgain_KeepsItsPlaceAmongEqualDeadlines()
    {
        var queue = new DeadlineQueue<string>();
        queue.Set("a", Ms(10));
        queue.Set("b", Ms(10));
        queue.Set("a", Ms(10));

        var due = new List<string>();
        queue.TakeDue(Ms(10), due);

        Assert.That(due, Is.EqualTo(new[] { "a", "b" }));
    }

    [Test]
    public void Remove_UnknownItem_ReturnsFalse()
    {
        var queue = new DeadlineQueue<string>();
        queue.Set("a", Ms(10));

        Assert.That(queue.Remove("b"), Is.False);
        Assert.That(queue.Remove("a"), Is.True);
        Assert.That(queue.Count, Is.Zero);
    }
}
