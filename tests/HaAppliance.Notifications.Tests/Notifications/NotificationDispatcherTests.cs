using HaAppliance.Notifications;
using Microsoft.Extensions.Time.Testing;

namespace HaAppliance.Notifications.Tests.Notifications;

public sealed class NotificationDispatcherTests
{
    private string _dir = "";

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("ha-dispatch-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    /// <summary>Short real delays; the breaker effectively off unless a test turns it on.</summary>
    private static NotificationDeliveryOptions Fast(int maxAttempts = 10_000) => new()
    {
        BaseDelay = TimeSpan.FromMilliseconds(2),
        MaxDelay = TimeSpan.FromMilliseconds(20),
        AttemptTimeout = TimeSpan.FromSeconds(10),
        MaxAttempts = maxAttempts,
        MinimumThroughput = 1_000_000,
    };

    [Test]
    public async Task Publish_TargetUp_DeliversEveryEventInOrder()
    {
        var notifier = new RecordingNotifier();
        await using var dispatcher = new NotificationDispatcher(_dir, [new NotificationTarget("hook", notifier, Fast())]);
        dispatcher.Start();
        var events = Enumerable.Range(1, 20).Select(i => StateChanges.Numbered("VI_1", i)).ToList();

        foreach (var e in events)
        {
            Assert.That(dispatcher.Publish(e), Is.True);
        }

        await notifier.WaitForDeliveriesAsync(20);
        Assert.That(notifier.Delivered.Select(e => e.Id), Is.EqualTo(events.Select(e => e.Id)));

        // The outbox entry is removed after the notifier returns, so the last one may still be on its way out.
        await Eventually.UntilAsync(() => dispatcher.Outbox.PendingCount("hook") == 0, "the outbox to empty after the last delivery");
    }

    [Test]
    public async Task Publish_TargetDownForAWhileThenBack_ReceivesEverythingInOrder()
    {
        var notifier = new RecordingNotifier { Down = true };
        await using var dispatcher = new NotificationDispatcher(_dir, [new NotificationTarget("hook", notifier, Fast())]);
        dispatcher.Start();
        var events = Enumerable.Range(1, 5).Select(i => StateChanges.Numbered("VI_1", i)).ToList();
        events.ForEach(e => dispatcher.Publish(e));

        await notifier.WaitForCallsAsync(8); // several failed attempts while down
        Assert.That(notifier.Delivered, Is.Empty);
        notifier.Down = false;

        await notifier.WaitForDeliveriesAsync(5);
        Assert.That(notifier.Delivered.Select(e => e.Id), Is.EqualTo(events.Select(e => e.Id)));
        Assert.That(notifier.Attempts.Take(8).Select(a => a.Event.Id).Distinct(), Is.EqualTo(new[] { events[0].Id }), "retries stay on the oldest event");
    }

    [Test]
    public async Task Publish_SlowTarget_DoesNotDelayAnotherTarget()
    {
        var slow = new RecordingNotifier { Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        var fast = new RecordingNotifier();
        await using var dispatcher = new NotificationDispatcher(_dir, [new NotificationTarget("slow", slow, Fast()), new NotificationTarget("fast", fast, Fast())]);
        dispatcher.Start();

        for (var i = 1; i <= 10; i++)
        {
            dispatcher.Publish(StateChanges.Numbered("VI_1", i));
        }

        await fast.WaitForDeliveriesAsync(10);
        Assert.That(slow.Delivered, Is.Empty, "the slow target is still stuck on its first event");

        slow.Gate!.TrySetResult();
        await slow.WaitForDeliveriesAsync(10);
        Assert.That(slow.Delivered.Select(e => e.Reason), Is.EqualTo(fast.Delivered.Select(e => e.Reason)));
    }

    [Test]
    public async Task Publish_EventThatKeepsFailing_IsDeadLetteredAfterMaxAttemptsAndTheNextOneFlows()
    {
        var poison = StateChanges.Numbered("VI_1", 1);
        var next = StateChanges.Numbered("VI_1", 2);
        var notifier = new RecordingNotifier { FailWhen = e => e.Id == poison.Id };
        await using var dispatcher = new NotificationDispatcher(_dir, [new NotificationTarget("hook", notifier, Fast(maxAttempts: 4))]);
        dispatcher.Start();

        dispatcher.Publish(poison);
        dispatcher.Publish(next);

        await notifier.WaitForDeliveriesAsync(1);
        Assert.That(notifier.Attempts.Count(a => a.Event.Id == poison.Id), Is.EqualTo(4));
        Assert.That(notifier.Delivered.Select(e => e.Id), Is.EqualTo(new[] { next.Id }));
        var letters = dispatcher.Outbox.DeadLetters("hook");
        Assert.That(letters.Select(l => (l.Event.Id, l.Attempts)), Is.EqualTo(new[] { (poison.Id, 4) }));
        Assert.That(letters[0].Error, Does.Contain("target down"));
    }

    [Test]
    public async Task Publish_AttemptHangs_TimesOutAndIsDeadLettered()
    {
        var hung = StateChanges.Numbered("VI_1", 1);
        var notifier = new RecordingNotifier { HangWhen = e => e.Id == hung.Id };
        var options = Fast(maxAttempts: 2);
        options.AttemptTimeout = TimeSpan.FromMilliseconds(100);
        await using var dispatcher = new NotificationDispatcher(_dir, [new NotificationTarget("hook", notifier, options)]);
        dispatcher.Start();

        dispatcher.Publish(hung);
        dispatcher.Publish(StateChanges.Numbered("VI_1", 2));

        await notifier.WaitForDeliveriesAsync(1);
        Assert.That(dispatcher.Outbox.DeadLetters("hook").Single().Error, Does.Contain("timed out"));
    }

    [Test]
    public async Task Start_EventsPendingFromEarlierRun_AreDeliveredInOrder()
    {
        var events = Enumerable.Range(1, 4).Select(i => StateChanges.Numbered("VI_1", i)).ToList();
        var down = new RecordingNotifier { Down = true };
        await using (var first = new NotificationDispatcher(_dir, [new NotificationTarget("hook", down, Fast())]))
        {
            first.Start();
            events.ForEach(e => first.Publish(e));
            await first.FlushAsync();
        }

        var up = new RecordingNotifier();
        await using var second = new NotificationDispatcher(_dir, [new NotificationTarget("hook", up, Fast())]);
        second.Start();

        await up.WaitForDeliveriesAsync(4);
        Assert.That(up.Delivered.Select(e => e.Id), Is.EqualTo(events.Select(e => e.Id)));
    }

    [Test]
    public async Task Restart_AttemptsOfEarlierRun_CountTowardsTheDeadLetterLimit()
    {
        var poison = StateChanges.Numbered("VI_1", 1);
        var first = new RecordingNotifier { Down = true };
        await using (var dispatcher = new NotificationDispatcher(_dir, [new NotificationTarget("hook", first, Fast(maxAttempts: 5))]))
        {
            dispatcher.Start();
            dispatcher.Publish(poison);
            await first.WaitForCallsAsync(3); // the failures of attempts 1 and 2 are recorded by now
        }

        var second = new RecordingNotifier { Down = true };
        await using var restarted = new NotificationDispatcher(_dir, [new NotificationTarget("hook", second, Fast(maxAttempts: 5))]);
        restarted.Start();
        restarted.Publish(StateChanges.Numbered("VI_1", 2));
        await second.WaitUntilAsync(n => n.Attempts.Any(a => a.Event.Id != poison.Id));

        var letter = restarted.Outbox.DeadLetters("hook").First();
        Assert.That((letter.Event.Id, letter.Attempts), Is.EqualTo((poison.Id, 5)));
        Assert.That(second.Attempts.Count(a => a.Event.Id == poison.Id), Is.LessThanOrEqualTo(3), "the restart did not start counting from zero");
    }

    [Test]
    public async Task Publish_TargetBlocked_ReturnsWithoutWaitingForDelivery()
    {
        var blocked = new RecordingNotifier { Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        await using var dispatcher = new NotificationDispatcher(_dir, [new NotificationTarget("hook", blocked, Fast())]);
        dispatcher.Start();

        var accepted = Enumerable.Range(1, 500).Count(i => dispatcher.Publish(StateChanges.Numbered("VI_1", i)));
        await dispatcher.FlushAsync();

        Assert.That(accepted, Is.EqualTo(500));
        Assert.That(blocked.Delivered, Is.Empty);
        Assert.That(dispatcher.Outbox.PendingCount("hook"), Is.EqualTo(500));
        blocked.Gate!.TrySetResult();
    }

    [Test]
    public async Task Publish_NamedTargets_OnlyThoseReceive()
    {
        var a = new RecordingNotifier();
        var b = new RecordingNotifier();
        await using var dispatcher = new NotificationDispatcher(_dir, [new NotificationTarget("a", a, Fast()), new NotificationTarget("b", b, Fast())]);
        dispatcher.Start();

        dispatcher.Publish(StateChanges.Numbered("VI_1", 1), ["b"]);
        dispatcher.Publish(StateChanges.Numbered("VI_1", 2));

        await b.WaitForDeliveriesAsync(2);
        await a.WaitForDeliveriesAsync(1);
        Assert.That(a.Delivered.Select(e => e.Reason), Is.EqualTo(new[] { "transition 2" }));
    }

    [Test]
    public async Task Delivery_CircuitOpen_TargetIsLeftAloneForTheBreakDuration()
    {
        var time = new DelayRecordingTime(new DateTimeOffset(2026, 11, 25, 19, 0, 0, TimeSpan.Zero));
        var notifier = new RecordingNotifier(time) { Down = true };
        var options = new NotificationDeliveryOptions
        {
            BaseDelay = TimeSpan.FromSeconds(1),
            MaxDelay = TimeSpan.FromSeconds(4),
            MaxAttempts = 100,
            MinimumThroughput = 2,
            FailureRatio = 0.5,
            SamplingDuration = TimeSpan.FromSeconds(60),
            BreakDuration = TimeSpan.FromSeconds(30),
            AttemptTimeout = TimeSpan.FromMinutes(5),
        };
        await using var dispatcher = new NotificationDispatcher(_dir, [new NotificationTarget("hook", notifier, options)], timeProvider: time);
        dispatcher.Start();
        dispatcher.Publish(StateChanges.Numbered("VI_1", 1));

        // Move the fake clock exactly to each wait the worker arms (never past it: a busy machine must not make the
        // clock overtake the worker), until the third attempt.
        List<TimeSpan> RetryWaits() => time.Requested.Where(d => d > TimeSpan.Zero && d != Timeout.InfiniteTimeSpan && d != options.AttemptTimeout).ToList();
        for (var consumed = 0; consumed < 100 && notifier.Calls < 3; consumed++)
        {
            await Eventually.UntilAsync(() => notifier.Calls >= 3 || RetryWaits().Count > consumed, "the worker to arm its wait before the next attempt");
            if (notifier.Calls < 3)
            {
                time.Advance(RetryWaits()[consumed]);
            }
        }

        var attempts = notifier.Attempts;
        Assert.That(attempts, Has.Count.GreaterThanOrEqualTo(3));
        Assert.That(attempts[1].Time - attempts[0].Time, Is.LessThanOrEqualTo(options.MaxDelay + TimeSpan.FromSeconds(1)), "plain backoff before the breaker opens");
        Assert.That(attempts[2].Time - attempts[1].Time, Is.GreaterThanOrEqualTo(options.BreakDuration), "no call while the circuit is open");
    }

    [Test]
    public async Task Delivery_DefaultOptionsLongOutage_NeverWaitsMoreThanTenSecondsAndTheBacklogFollowsAtOnce()
    {
        // The defaults are what is tested: a mail server down for minutes, then back. The clock records every wait the
        // worker asks for, so the check does not depend on when the worker got to arm its timer.
        var time = new DelayRecordingTime(new DateTimeOffset(2026, 11, 25, 19, 0, 0, TimeSpan.Zero));
        var notifier = new RecordingNotifier(time) { Down = true };
        var options = new NotificationDeliveryOptions();
        await using var dispatcher = new NotificationDispatcher(_dir, [new NotificationTarget("mail", notifier, options)], timeProvider: time);
        dispatcher.Start();
        var events = Enumerable.Range(1, 5).Select(i => StateChanges.Numbered("VI_1", i)).ToList();
        events.ForEach(e => dispatcher.Publish(e));

        // Through backoff and repeated circuit openings; each step yields so the worker's timers register.
        for (var i = 0; i < 5000 && notifier.Calls < 30; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(5);
        }

        Assert.That(notifier.Calls, Is.GreaterThanOrEqualTo(30));
        notifier.Down = false;
        for (var i = 0; i < 5000 && notifier.Delivered.Count == 0; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(5);
        }

        // Once one delivery went through, the rest of the backlog needs no more waiting: the clock stands still now.
        await notifier.WaitForDeliveriesAsync(events.Count).WaitAsync(TimeSpan.FromSeconds(60));
        var waits = time.Requested.Where(d => d > TimeSpan.Zero && d != Timeout.InfiniteTimeSpan && d != options.AttemptTimeout).ToList();
        Assert.That(waits, Has.Count.GreaterThanOrEqualTo(29), "a wait before each retry");
        Assert.That(waits.Max(), Is.LessThanOrEqualTo(TimeSpan.FromSeconds(10)), "backoff and open circuit capped at 10 s");
        Assert.That(notifier.Delivered.Select(e => e.Id), Is.EqualTo(events.Select(e => e.Id)));
        Assert.That(dispatcher.Outbox.DeadLetters("mail"), Is.Empty, "30 attempts are far from the default limit");
    }

    /// <summary>A fake clock that keeps the due time of every timer created on it.</summary>
    private sealed class DelayRecordingTime(DateTimeOffset start) : FakeTimeProvider(start)
    {
        public System.Collections.Concurrent.ConcurrentQueue<TimeSpan> Requested { get; } = new();

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            Requested.Enqueue(dueTime);
            return base.CreateTimer(callback, state, dueTime, period);
        }
    }

    [Test]
    public void Constructor_DuplicateTargetName_Throws()
    {
        Assert.That(
            () => new NotificationDispatcher(_dir, [new NotificationTarget("x", new RecordingNotifier()), new NotificationTarget("x", new RecordingNotifier())]),
            Throws.ArgumentException.With.Message.Contains("'x' is defined twice"));
    }
}
