using HaAppliance.Abstractions;
using Microsoft.Extensions.Logging;

namespace HaAppliance.Kernel;

/// <summary>
/// Desired-state VIP reconciliation, off the event loop. The loop only states, per instance, which addresses it
/// wants held (<see cref="Want"/> returns at once); one task per instance applies the latest wish in order, each
/// backend call under a timeout, and retries with backoff until the wish is met. A slow or stuck backend delays
/// nothing but its own instance's addresses. Addresses are announced (GARP / NA) only once in place and only
/// while the instance still wants them.
/// </summary>
internal sealed class VipReconciler : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Slot> _slots = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _errors = new(StringComparer.Ordinal);
    private readonly IVipAnnouncer _announcer;
    private readonly TimeProvider _time;
    private readonly VrrpEngineOptions _options;
    private readonly ILogger _log;
    private readonly CancellationTokenSource _stopping = new();
    private bool _stopped;

    public VipReconciler(IVipAnnouncer announcer, TimeProvider time, VrrpEngineOptions options, ILogger log)
    {
        _announcer = announcer;
        _time = time;
        _options = options;
        _log = log;
    }

    /// <summary>States what <paramref name="instance"/> wants; replaces any earlier wish not yet met. Never blocks.</summary>
    public void Want(string instance, VipDesire desire)
    {
        lock (_gate)
        {
            if (_stopped)
            {
                return;
            }

            if (!_slots.TryGetValue(instance, out var slot))
            {
                _slots[instance] = slot = new Slot(instance);
                slot.Runner = Task.Run(() => RunAsync(slot));
            }

            slot.Desired = desire;
            slot.Version++;
            if (slot.Reached.Task.IsCompleted)
            {
                slot.Reached = NewSignal();
            }

            slot.Wake.TrySetResult();
        }
    }

    /// <summary>Failed or timed-out backend calls for <paramref name="instance"/> so far.</summary>
    public long ErrorsOf(string instance)
    {
        lock (_gate)
        {
            return _errors.GetValueOrDefault(instance);
        }
    }

    /// <summary>Completes when every wish stated so far is met, or after <paramref name="bound"/>; true if met.</summary>
    public async Task<bool> DrainAsync(TimeSpan bound)
    {
        Task all;
        lock (_gate)
        {
            all = Task.WhenAll(_slots.Values.Select(s => s.Reached.Task));
        }

        try
        {
            await all.WaitAsync(bound, _time).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    private async Task RunAsync(Slot slot)
    {
        var backoff = _options.VipRetryMin;
        var stopping = _stopping.Token;
        while (!stopping.IsCancellationRequested)
        {
            VipDesire desire;
            long version;
            Task wake;
            lock (_gate)
            {
                desire = slot.Desired!;
                version = slot.Version;
                slot.Wake = NewSignal();
                wake = slot.Wake.Task;
            }

            bool ok;
            try
            {
                ok = await ReconcileAsync(slot, desire, stopping).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                // The announcer, or anything else unforeseen: contained, counted, retried like a backend failure.
                ok = false;
                CountError(slot);
                EngineLog.PluginFailed(_log, slot.Instance, "VIP reconciler", ex.Message, ex);
            }

            lock (_gate)
            {
                if (ok && slot.Version == version)
                {
                    slot.Reached.TrySetResult();
                    if (desire.Retire)
                    {
                        _slots.Remove(slot.Instance);
                        return;
                    }
                }
            }

            try
            {
                if (ok)
                {
                    backoff = _options.VipRetryMin;
                    await wake.WaitAsync(stopping).ConfigureAwait(false);
                }
                else
                {
                    // Not there yet: try again after a while, or at once when the loop wants something else.
                    await Task.WhenAny(wake, Task.Delay(backoff, _time, stopping)).ConfigureAwait(false);
                    backoff = backoff * 2 < _options.VipRetryMax ? backoff * 2 : _options.VipRetryMax;
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One pass towards <paramref name="desire"/>; false when a backend call failed (then retried).</summary>
    private async Task<bool> ReconcileAsync(Slot slot, VipDesire desire, CancellationToken stopping)
    {
        // A new backend (a restarted instance) starts clean: first take ours away from the old one.
        if (slot.OwnedBackend is { } previous && previous.Backend != desire.Backend && slot.Owned.Count > 0)
        {
            foreach (var vip in slot.Owned.ToList())
            {
                if (!await RemoveAsync(slot, previous.Backend, previous.Type, vip, stopping).ConfigureAwait(false))
                {
                    return false;
                }

                slot.Owned.Remove(vip);
            }
        }

        if (desire.Backend is null)
        {
            return true; // the instance is in Fault for it; nothing can be done
        }

        slot.OwnedBackend = (desire.Backend, desire.BackendType);
        if (!desire.Held)
        {
            // An announcement started just before the loop released is stopped here, in order.
            _announcer.LeftMaster(slot.Instance);
            foreach (var vip in slot.Owned.Union(desire.Addresses).ToList())
            {
                if (!await RemoveAsync(slot, desire.Backend, desire.BackendType, vip, stopping).ConfigureAwait(false))
                {
                    return false;
                }

                slot.Owned.Remove(vip);
            }

            return true;
        }

        foreach (var vip in slot.Owned.Except(desire.Addresses).ToList())
        {
            if (!await RemoveAsync(slot, desire.Backend, desire.BackendType, vip, stopping).ConfigureAwait(false))
            {
                return false;
            }

            slot.Owned.Remove(vip);
        }

        foreach (var vip in desire.Addresses)
        {
            slot.Owned.Add(vip); // from now on it may be there: a later release removes it
            if (!await AddUnlessPresentAsync(slot, desire.Backend, desire.BackendType, vip, stopping).ConfigureAwait(false))
            {
                return false;
            }
        }

        lock (_gate)
        {
            // Announce only while still wanted: if the instance already left Master, a GARP would mislead clients.
            if (slot.Announced != desire.Epoch && slot.Desired!.Epoch == desire.Epoch && slot.Desired.Held)
            {
                slot.Announced = desire.Epoch;
                _announcer.BecameMaster(slot.Instance, desire.Device, desire.Addresses.Select(v => v.Address).ToList(), desire.Garp);
            }
        }

        return true;
    }

    private async Task<bool> RemoveAsync(Slot slot, IVipBackend backend, string type, VipAddress vip, CancellationToken stopping)
    {
        var (ok, exists) = await CallAsync(slot, type, "check", vip, t => backend.ExistsAsync(vip, t), stopping).ConfigureAwait(false);
        return ok && (!exists || (await CallAsync(slot, type, "remove", vip, async t => { await backend.RemoveAsync(vip, t).ConfigureAwait(false); return true; }, stopping).ConfigureAwait(false)).Ok);
    }

    /// <summary>Adds, and asks if it is there only when the add fails: a takeover of 255 VIPs makes 255 backend calls, not 510.</summary>
    private async Task<bool> AddUnlessPresentAsync(Slot slot, IVipBackend backend, string type, VipAddress vip, CancellationToken stopping)
    {
        var add = await TryCallAsync(async t => { await backend.AddAsync(vip, t).ConfigureAwait(false); return true; }, stopping).ConfigureAwait(false);
        if (add.Ok || stopping.IsCancellationRequested)
        {
            return add.Ok;
        }
        var (checkedOk, exists) = await CallAsync(slot, type, "check", vip, t => backend.ExistsAsync(vip, t), stopping).ConfigureAwait(false);
        if (checkedOk && !exists)
        {
            Failed(slot, type, "add", vip, add.Failure, add.Exception); // not there: the add's own failure
        }
        return checkedOk && exists;
    }

    /// <summary>One backend call under the timeout; a failure is logged with the instance and the plugin, and counted.</summary>
    private async Task<(bool Ok, bool Value)> CallAsync(Slot slot, string type, string operation, VipAddress vip, Func<CancellationToken, Task<bool>> call, CancellationToken stopping)
    {
        var result = await TryCallAsync(call, stopping).ConfigureAwait(false);
        if (!result.Ok && !stopping.IsCancellationRequested)
        {
            Failed(slot, type, operation, vip, result.Failure, result.Exception);
        }
        return (result.Ok, result.Value);
    }

    /// <summary>One backend call under the timeout, nothing logged: what failed, in words, when it did.</summary>
    private async Task<(bool Ok, bool Value, string? Failure, Exception? Exception)> TryCallAsync(Func<CancellationToken, Task<bool>> call, CancellationToken stopping)
    {
        using var timeout = new CancellationTokenSource(_options.VipCallTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, stopping);
        try
        {
            // WaitAsync: a backend that ignores its token is abandoned, not awaited for ever.
            return (true, await call(linked.Token).WaitAsync(_options.VipCallTimeout, _time, stopping).ConfigureAwait(false), null, null);
        }
        catch (Exception ex) when (ex is TimeoutException || (ex is OperationCanceledException && timeout.IsCancellationRequested && !stopping.IsCancellationRequested))
        {
            return (false, false, $"no answer after {_options.VipCallTimeout.TotalSeconds:0.###} s", null);
        }
        catch (Exception ex)
        {
            return (false, false, stopping.IsCancellationRequested ? null : ex.Message, ex); // stopping: nothing to report
        }
    }

    private void Failed(Slot slot, string type, string operation, VipAddress vip, string? failure, Exception? exception)
    {
        CountError(slot);
        EngineLog.VipOperationFailed(_log, slot.Instance, "vip_backend " + type, $"{operation} {vip.Address}/{vip.PrefixLength}", failure ?? "failed", exception);
    }

    private void CountError(Slot slot)
    {
        lock (_gate)
        {
            _errors[slot.Instance] = _errors.GetValueOrDefault(slot.Instance) + 1;
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async ValueTask DisposeAsync()
    {
        List<Task> runners;
        lock (_gate)
        {
            _stopped = true;
            runners = _slots.Values.Select(s => s.Runner).OfType<Task>().ToList();
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(runners).ConfigureAwait(false);
        _stopping.Dispose();
    }

    private sealed class Slot(string instance)
    {
        public string Instance { get; } = instance;

        public VipDesire? Desired { get; set; }

        public long Version { get; set; }

        public TaskCompletionSource Wake { get; set; } = NewSignal();

        public TaskCompletionSource Reached { get; set; } = NewSignal();

        public Task? Runner { get; set; }

        /// <summary>Addresses this node may have configured for the instance (worker only).</summary>
        public HashSet<VipAddress> Owned { get; } = [];

        public (IVipBackend Backend, string Type)? OwnedBackend { get; set; }

        public long Announced { get; set; } = -1;
    }
}
