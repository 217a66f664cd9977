using HaAppliance.Abstractions;
using Microsoft.Extensions.Logging;

namespace HaAppliance.Hosting;

/// <summary>
/// Keeps the engine told of every link's state. A watch that fails (a netlink receive error such as ENOBUFS after
/// a burst of link events: some events are lost) does not end monitoring: the links are listed again, each one's
/// state reported, and the watch goes on; consecutive failures back off up to <see cref="MaxBackoff"/>.
/// </summary>
internal sealed class LinkMonitor(ILinkStateSource source, Action<string, bool> report, TimeProvider time, ILogger log)
{
    /// <summary>The first wait before listing again after consecutive failures; doubles up to <see cref="MaxBackoff"/>.</summary>
    public static readonly TimeSpan MinBackoff = TimeSpan.FromMilliseconds(100);

    /// <summary>The longest wait between attempts.</summary>
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    private long _resyncs;

    /// <summary>How many times the links were listed again after the watch failed.</summary>
    public long Resyncs => Interlocked.Read(ref _resyncs);

    /// <summary>
    /// Reports the links that are down now, waiting at most <paramref name="bound"/> for the list (a source that does
    /// not answer must not hold up the start of VRRP). Before the instances start; <see cref="RunAsync"/> then watches
    /// without listing them again.
    /// </summary>
    public async Task ReportDownLinksAsync(TimeSpan bound, CancellationToken cancellationToken)
    {
        foreach (var link in await source.GetLinksAsync(cancellationToken).WaitAsync(bound, cancellationToken).ConfigureAwait(false))
        {
            if (!link.IsUp)
            {
                report(link.Name, false);
            }
        }
    }

    /// <summary>Runs until cancelled; <paramref name="listed"/>: <see cref="ReportDownLinksAsync"/> has run, so the first round only watches.</summary>
    public async Task RunAsync(CancellationToken cancellationToken, bool listed = false)
    {
        var failures = 0;
        var resync = false;
        while (!cancellationToken.IsCancellationRequested)
        {
            var reported = false;
            try
            {
                if (!listed)
                {
                    foreach (var link in await source.GetLinksAsync(cancellationToken).ConfigureAwait(false))
                    {
                        // At start only a down link changes anything; after a lost event either direction may have been missed.
                        if (resync || !link.IsUp)
                        {
                            report(link.Name, link.IsUp);
                        }
                    }
                }

                listed = false;

                await source.WatchAsync(link =>
                {
                    reported = true;
                    report(link.Name, link.IsUp);
                    return ValueTask.CompletedTask;
                }, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                DaemonLog.LinkWatchFailed(log, ex.Message);
            }

            if (cancellationToken.IsCancellationRequested)
            {
                return;
            }

            failures = reported ? 0 : failures + 1;
            resync = true;
            Interlocked.Increment(ref _resyncs);
            if (failures > 1)
            {
                var wait = TimeSpan.FromTicks(Math.Min(MaxBackoff.Ticks, MinBackoff.Ticks << Math.Min(failures - 2, 20)));
                try
                {
                    await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
