using System.Collections.Concurrent;
using HaAppliance.Abstractions;
using HaAppliance.Kernel.Tracking;
using Microsoft.Extensions.Time.Testing;

namespace HaAppliance.Kernel.Tests.Tracking;

[TestFixture]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class TrackerSchedulerTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly ListLogger _log = new();
    private readonly ConcurrentQueue<(TrackerTransition Transition, int CallsSoFar)> _transitions = new();

    private TrackerScheduler NewScheduler(DelegateCheck? counted, params TrackedCheck[] checks) =>
        new(checks, t =>
        {
            _transitions.Enqueue((t, counted?.Calls ?? 0));
            return ValueTask.CompletedTask;
        }, _time, _log);

    /// <summary>
    /// Moves fake time forward in steps until <paramref name="condition"/> holds. Check tasks run on the
    /// thread pool, so each step yields to let them register their next timer; the bound is a safety net only.
    /// </summary>
    private async Task AdvanceUntil(Func<bool> condition, TimeSpan step)
    {
        for (int i = 0; i < 20_000 && !condition(); i++)
        {
            _time.Advance(step);
            await Task.Delay(1);
        }

        Assert.That(condition(), Is.True, "condition not reached");
    }

    [Test]
    public async Task Start_FailingCheckWithFall2_PostsOneTransitionAfterTheSecondFailure()
    {
        var check = new DelegateCheck((_, _) => Task.FromResult(HealthResult.Fail("exited with status 1")));
        await using var scheduler = NewScheduler(check, new TrackedCheck { Name = "chk_nginx", Check = check, Fall = 2, InitiallyHealthy = true });
        scheduler.Start();

        await AdvanceUntil(() => check.Calls >= 4, TimeSpan.FromMilliseconds(250));

        Assert.That(_transitions.Select(t => t.Transition), Is.EqualTo(new[] { new TrackerTransition("chk_nginx", false, "exited with status 1") }));
        Assert.That(_transitions.Single().CallsSoFar, Is.EqualTo(2));
        Assert.That(_log.Messages, Has.Member("VRRP_Script(chk_nginx) failed (exited with status 1)"));
    }

    [Test]
    public async Task Start_RecoveringCheck_LogsSucceededAndPostsHealthy()
    {
        var check = new DelegateCheck((n, _) => Task.FromResult(n == 1 ? HealthResult.Fail("down") : HealthResult.Ok("up")));
        await using var scheduler = NewScheduler(check, new TrackedCheck { Name = "chk_nginx", Check = check, Rise = 1 });
        scheduler.Start();

        await AdvanceUntil(() => !_transitions.IsEmpty, TimeSpan.FromMilliseconds(250));

        Assert.That(_transitions.Single().Transition, Is.EqualTo(new TrackerTransition("chk_nginx", true, "up")));
        Assert.That(_log.Messages, Has.Member("VRRP_Script(chk_nginx) succeeded"));
        Assert.That(scheduler.States["chk_nginx"], Is.True);
    }

    [Test]
    public async Task Start_HungCheckIgnoringCancellation_CountsAsTimedOutWhileOtherChecksKeepRunning()
    {
        var hung = new DelegateCheck((_, _) => new TaskCompletionSource<HealthResult>().Task);
        var other = new DelegateCheck((_, _) => Task.FromResult(HealthResult.Ok()));
        await using var scheduler = NewScheduler(
            null,
            new TrackedCheck { Name = "chk_hung", Check = hung, Timeout = TimeSpan.FromSeconds(2), InitiallyHealthy = true },
            new TrackedCheck { Name = "chk_other", Check = other, InitiallyHealthy = true });
        scheduler.Start();

        await AdvanceUntil(() => !_transitions.IsEmpty && other.Calls >= 5, TimeSpan.FromMilliseconds(100));

        Assert.That(_transitions.Single().Transition, Is.EqualTo(new TrackerTransition("chk_hung", false, "timed out after 2s")));
        Assert.That(_log.Messages, Has.Member("VRRP_Script(chk_hung) failed (timed out after 2s)"));
    }

    [Test]
    public async Task Start_HungCheckStillRunning_IsNotStartedAgain()
    {
        var hung = new DelegateCheck((_, _) => new TaskCompletionSource<HealthResult>().Task);
        await using var scheduler = NewScheduler(null, new TrackedCheck { Name = "chk_hung", Check = hung, Timeout = TimeSpan.FromSeconds(1), Interval = TimeSpan.FromSeconds(1) });
        scheduler.Start();

        await AdvanceUntil(() => scheduler.Runs >= 4, TimeSpan.FromMilliseconds(250));

        Assert.That(hung.Calls, Is.EqualTo(1));
    }

    [Test]
    public async Task Start_CheckThrows_CountsAsFailedAndLogsTheException()
    {
        var boom = new InvalidOperationException("boom");
        var check = new DelegateCheck((_, _) => throw boom);
        await using var scheduler = NewScheduler(check, new TrackedCheck { Name = "chk_throw", Check = check, InitiallyHealthy = true });
        scheduler.Start();

        await AdvanceUntil(() => !_transitions.IsEmpty, TimeSpan.FromMilliseconds(250));

        Assert.That(_transitions.Single().Transition.Detail, Is.EqualTo("threw InvalidOperationException: boom"));
        Assert.That(_log.Entries.Select(e => e.Exception), Has.Member(boom));
    }

    [Test]
    public async Task Start_ReverseOnHealthyCheck_PostsFailed()
    {
        var check = new DelegateCheck((_, _) => Task.FromResult(HealthResult.Ok("exited with status 0")));
        await using var scheduler = NewScheduler(check, new TrackedCheck { Name = "chk_rev", Check = check, Reverse = true, InitiallyHealthy = true });
        scheduler.Start();

        await AdvanceUntil(() => !_transitions.IsEmpty, TimeSpan.FromMilliseconds(250));

        Assert.That(_transitions.Single().Transition.Healthy, Is.False);
    }

    [Test]
    public async Task Start_TenIntervalsOfFakeTime_RunsAboutOncePerInterval()
    {
        var check = new DelegateCheck((_, _) => Task.FromResult(HealthResult.Ok()));
        await using var scheduler = NewScheduler(check, new TrackedCheck { Name = "chk", Check = check, Interval = TimeSpan.FromSeconds(1) });
        scheduler.Start();
        await AdvanceUntil(() => check.Calls >= 1, TimeSpan.Zero);
        var start = _time.GetUtcNow();

        await AdvanceUntil(() => _time.GetUtcNow() - start >= TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(250));

        // The interval is measured from the end of one run to the start of the next, and our steps can
        // lose a little fake time to scheduling, so at most one run per elapsed interval plus the first.
        Assert.That(check.Calls, Is.InRange(2, 11));
    }

    [Test]
    public async Task Start_WatchingCheck_PostsReportsAndRestartsAFaultedWatch()
    {
        var watch = new ManualWatchingCheck();
        await using var scheduler = NewScheduler(null, new TrackedCheck { Name = "chk_proc", Check = watch, Interval = TimeSpan.FromSeconds(1) });
        scheduler.Start();
        var report = await watch.Report.WaitAsync(TimeSpan.FromSeconds(30));

        await report(HealthResult.Ok("1 process running"));
        watch.Fault(new IOException("pidfd_open failed"));
        await AdvanceUntil(() => watch.Watches >= 2, TimeSpan.FromMilliseconds(250));

        Assert.That(_transitions.Select(t => t.Transition), Is.EqualTo(new[]
        {
            new TrackerTransition("chk_proc", true, "1 process running"),
            new TrackerTransition("chk_proc", false, "threw IOException: pidfd_open failed"),
        }));
    }

    [Test]
    public void Constructor_DuplicateNames_Throws()
    {
        var check = new DelegateCheck((_, _) => Task.FromResult(HealthResult.Ok()));

        var ex = Assert.Throws<ArgumentException>(() => NewScheduler(null, new TrackedCheck { Name = "a", Check = check }, new TrackedCheck { Name = "a", Check = check }));

        Assert.That(ex!.Message, Does.Contain("'a' is tracked twice"));
    }
}
