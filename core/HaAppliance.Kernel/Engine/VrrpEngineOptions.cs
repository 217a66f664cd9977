namespace HaAppliance.Kernel;

/// <summary>How the engine treats its VIP backends: nothing a backend does may hold up the event loop.</summary>
public sealed class VrrpEngineOptions
{
    private TimeSpan _vipCallTimeout = TimeSpan.FromSeconds(5);
    private TimeSpan _vipRetryMin = TimeSpan.FromSeconds(1);
    private TimeSpan _vipRetryMax = TimeSpan.FromSeconds(30);
    private TimeSpan _shutdownVipDrain = TimeSpan.FromSeconds(10);

    /// <summary>A backend call (exists, add, remove) that has not completed after this long counts as failed.</summary>
    public TimeSpan VipCallTimeout
    {
        get => _vipCallTimeout;
        init => _vipCallTimeout = Positive(value, nameof(VipCallTimeout));
    }

    /// <summary>First wait before retrying an instance whose VIPs are not yet as wanted; doubles up to <see cref="VipRetryMax"/>.</summary>
    public TimeSpan VipRetryMin
    {
        get => _vipRetryMin;
        init => _vipRetryMin = Positive(value, nameof(VipRetryMin));
    }

    /// <summary>Longest wait between retries.</summary>
    public TimeSpan VipRetryMax
    {
        get => _vipRetryMax;
        init => _vipRetryMax = Positive(value, nameof(VipRetryMax));
    }

    /// <summary>At shutdown, after every priority-0 advert was sent: how long to wait for the VIPs to be removed.</summary>
    public TimeSpan ShutdownVipDrain
    {
        get => _shutdownVipDrain;
        init => _shutdownVipDrain = value >= TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(ShutdownVipDrain), value, "must not be negative");
    }

    /// <summary>keepalived's vrrp_startup_delay: the instances start this long after the loop (until then: Initialize, silent).</summary>
    public TimeSpan StartupDelay { get; init => field = value >= TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(StartupDelay)); }

    /// <summary>Received packets that may wait for the loop (more are dropped and counted); handled <see cref="PacketBatch"/> at a time.</summary>
    public int PacketQueue { get; init; } = 4096;

    /// <summary>Packets handled between two looks at the timers and the other inputs.</summary>
    public int PacketBatch { get; init; } = 64;

    /// <summary>The clock of the loop's tick timer (null: the engine's); the daemon's fires to tens of µs, as 10 ms adverts need.</summary>
    public TimeProvider? TickTime { get; init; }

    private static TimeSpan Positive(TimeSpan value, string name) =>
        value > TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(name, value, "must be positive");
}
