using System.Diagnostics;
using NUnit.Framework;

namespace HaAppliance.Tests.Support;

/// <summary>
/// Polls for something outside the test's control (a process, a file, a daemon's log) with a generous bound.
/// Protocol timing is tested with a fake clock, never with this: it is for real processes and real I/O.
/// </summary>
public static class Eventually
{
    /// <summary>The bound when a test gives none: generous, so a loaded machine does not fail a test.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(20);

    /// <summary>Waits until <paramref name="condition"/> holds; fails the test with <paramref name="what"/> if it never does.</summary>
    public static async Task UntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null, TimeSpan? interval = null)
    {
        if (!await TryUntilAsync(condition, timeout, interval).ConfigureAwait(false))
        {
            Assert.Fail($"timed out after {(timeout ?? DefaultTimeout).TotalSeconds:0.#} s waiting for {what}");
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds; false if it did not within the bound.</summary>
    public static async Task<bool> TryUntilAsync(Func<bool> condition, TimeSpan? timeout = null, TimeSpan? interval = null)
    {
        var clock = Stopwatch.StartNew();
        var bound = timeout ?? DefaultTimeout;
        while (!condition())
        {
            if (clock.Elapsed > bound)
            {
                return condition();
            }

            await Task.Delay(interval ?? DefaultInterval).ConfigureAwait(false);
        }

        return true;
    }

    /// <summary>Probes until <paramref name="accept"/> takes the value, and returns the last value probed either way.</summary>
    public static async Task<T> ValueAsync<T>(Func<T> probe, Func<T, bool> accept, TimeSpan? timeout = null, TimeSpan? interval = null)
    {
        var value = probe();
        await TryUntilAsync(() => accept(value = probe()), timeout, interval).ConfigureAwait(false);
        return value;
    }

    /// <summary>
    /// The blocking form, for harnesses that run on a test thread of their own (network namespaces, daemons):
    /// true once <paramref name="condition"/> holds, false after the bound. <paramref name="whileWaiting"/> runs between probes.
    /// </summary>
    public static bool Until(Func<bool> condition, TimeSpan timeout, TimeSpan? interval = null, Action? whileWaiting = null)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > timeout)
            {
                return condition();
            }

            whileWaiting?.Invoke();
            Thread.Sleep(interval ?? TimeSpan.FromMilliseconds(100));
        }

        return true;
    }
}
