using System.Globalization;
using HaAppliance.Abstractions;
using HaAppliance.Plugins.Process.Interop;

namespace HaAppliance.Plugins.Process;

/// <summary>
/// Counts processes matching a name (and optionally arguments) against a quorum. Watching mode holds a
/// pidfd per matching process and poll()s them on a dedicated thread, so an exit is seen within
/// milliseconds; /proc is rescanned every <see cref="ProcessCheckOptions.ScanInterval"/> to pick up new ones.
/// </summary>
internal sealed class ProcessCheck : IWatchingHealthCheck
{
    /// <summary>Longest poll() sleep, so cancellation is noticed promptly without an extra wake-up descriptor.</summary>
    private const int MaxPollMilliseconds = 100;

    private readonly ProcessCheckOptions _options;
    private readonly ProcessTable _table;
    private readonly string _name;
    private readonly TimeSpan _forkDelay;
    private readonly TimeSpan _terminateDelay;

    public ProcessCheck(ProcessCheckOptions options, string name)
    {
        if (string.IsNullOrWhiteSpace(options.Process))
        {
            throw new ArgumentException("'process' is required");
        }

        if (options.Quorum < 0)
        {
            throw new ArgumentException($"'quorum' must be 0 or more, not {options.Quorum}");
        }

        if (options.QuorumMax is { } max && max < options.Quorum)
        {
            throw new ArgumentException($"'quorum_max' ({max}) is below 'quorum' ({options.Quorum})");
        }

        _forkDelay = options.ForkDelay ?? options.Delay ?? TimeSpan.Zero;
        _terminateDelay = options.TerminateDelay ?? options.Delay ?? TimeSpan.Zero;
        if (options.ScanInterval <= TimeSpan.Zero || _forkDelay < TimeSpan.Zero || _terminateDelay < TimeSpan.Zero)
        {
            throw new ArgumentException("'scan_interval' must be positive and the delays not negative");
        }

        _options = options;
        _table = new ProcessTable(options);
        _name = name;
    }

    public Task<HealthResult> CheckAsync(CancellationToken cancellationToken) =>
        Task.FromResult(Evaluate(_table.FindMatching().Count));

    public Task WatchAsync(Func<HealthResult, ValueTask> report, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                Watch(report, cancellationToken);
                done.SetResult();
            }
            catch (Exception ex)
            {
                done.SetException(ex);
            }
        })
        {
            IsBackground = true,
            Name = $"track_process {_name}",
        };
        thread.Start();
        return done.Task;
    }

    internal HealthResult Evaluate(int count)
    {
        string range = _options.QuorumMax is { } max
            ? string.Create(CultureInfo.InvariantCulture, $"{_options.Quorum}-{max}")
            : string.Create(CultureInfo.InvariantCulture, $"{_options.Quorum}+");
        string detail = string.Create(CultureInfo.InvariantCulture, $"{count} {_table.Name} process{(count == 1 ? "" : "es")} running, quorum {range}");
        bool ok = count >= _options.Quorum && (_options.QuorumMax is not { } m || count <= m);
        return ok ? HealthResult.Ok(detail) : HealthResult.Fail(detail);
    }

    private void Watch(Func<HealthResult, ValueTask> report, CancellationToken cancellationToken)
    {
        var watched = new Dictionary<int, int>(); // pid -> pidfd
        bool? reported = null;
        long changeSince = 0; // when the state first differed from the reported one
        long nextScan = 0;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                long now = Environment.TickCount64;
                if (now >= nextScan)
                {
                    Rescan(watched);
                    nextScan = now + (long)_options.ScanInterval.TotalMilliseconds;
                }

                var result = Evaluate(watched.Count);
                long wait = Math.Min(nextScan - now, MaxPollMilliseconds);
                if (reported is null)
                {
                    Report(report, result);
                    reported = result.Healthy;
                }
                else if (result.Healthy != reported)
                {
                    // keepalived's fork_delay / terminate_delay: a bounce shorter than the delay is not reported.
                    changeSince = changeSince == 0 ? now : changeSince;
                    long delay = (long)(result.Healthy ? _forkDelay : _terminateDelay).TotalMilliseconds;
                    if (now - changeSince >= delay)
                    {
                        Report(report, result);
                        reported = result.Healthy;
                        changeSince = 0;
                    }
                    else
                    {
                        wait = Math.Min(wait, changeSince + delay - now);
                    }
                }
                else
                {
                    changeSince = 0;
                }

                WaitForExits(watched, (int)Math.Max(0, wait));
            }
        }
        finally
        {
            foreach (int fd in watched.Values)
            {
                CloseIfOpen(fd);
            }
        }
    }

    /// <summary>The kernel's callback is quick (a channel write); this dedicated thread may block on it.</summary>
    private static void Report(Func<HealthResult, ValueTask> report, HealthResult result) =>
        report(result).AsTask().GetAwaiter().GetResult();

    private void Rescan(Dictionary<int, int> watched)
    {
        var current = _table.FindMatching().ToHashSet();
        foreach (var (pid, fd) in watched.Where(w => !current.Contains(w.Key)).ToList())
        {
            // No longer matches (it exec'd something else, or exited as we scanned).
            CloseIfOpen(fd);
            watched.Remove(pid);
        }

        foreach (int pid in current)
        {
            if (!watched.ContainsKey(pid))
            {
                int fd = Libc.PidFdOpen(pid, out int errno);
                if (fd >= 0)
                {
                    watched.Add(pid, fd);
                }
                else if (errno == Libc.ENOSYS)
                {
                    // Kernel before 5.3: no pidfds. poll() ignores a negative fd, so the pid is only
                    // counted, and its exit is noticed at the next /proc scan instead of at once.
                    watched.Add(pid, -1);
                }
                else if (errno != Libc.ESRCH)
                {
                    throw new IOException(string.Create(CultureInfo.InvariantCulture, $"pidfd_open({pid}) failed: errno {errno}"));
                }
            }
        }
    }

    private static void CloseIfOpen(int fd)
    {
        if (fd >= 0)
        {
            Libc.Close(fd);
        }
    }

    private static unsafe void WaitForExits(Dictionary<int, int> watched, int timeoutMilliseconds)
    {
        if (watched.Count == 0)
        {
            Thread.Sleep(timeoutMilliseconds);
            return;
        }

        var entries = watched.ToArray();
        var fds = new Libc.PollFd[entries.Length];
        for (int i = 0; i < entries.Length; i++)
        {
            fds[i] = new Libc.PollFd { Fd = entries[i].Value, Events = Libc.PollIn };
        }

        int ready;
        fixed (Libc.PollFd* p = fds)
        {
            ready = Libc.Poll(p, (nuint)fds.Length, timeoutMilliseconds);
        }

        if (ready <= 0)
        {
            return; // timeout, or EINTR: the loop rescans and polls again
        }

        for (int i = 0; i < fds.Length; i++)
        {
            if (fds[i].Fd >= 0 && (fds[i].Revents & (Libc.PollIn | Libc.PollHup | Libc.PollErr | Libc.PollNval)) != 0)
            {
                CloseIfOpen(entries[i].Value);
                watched.Remove(entries[i].Key);
            }
        }
    }
}
