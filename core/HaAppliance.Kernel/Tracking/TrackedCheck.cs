using HaAppliance.Abstractions;

namespace HaAppliance.Kernel.Tracking;

/// <summary>A health check with the kernel's tracker settings (keepalived's vrrp_script block).</summary>
public sealed record TrackedCheck
{
    /// <summary>The check's configured name (<c>chk_nginx</c>); unique.</summary>
    public required string Name { get; init; }

    /// <summary>The plugin instance to run.</summary>
    public required IHealthCheck Check { get; init; }

    /// <summary>Time from the end of one run to the start of the next (also the restart delay of a failed watch).</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>A run that has not completed after this long counts as failed.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Consecutive successes needed to go from failed to healthy.</summary>
    public int Rise { get; init; } = 1;

    /// <summary>Consecutive failures needed to go from healthy to failed.</summary>
    public int Fall { get; init; } = 1;

    /// <summary>Positive: added while healthy; negative: subtracted while failing; 0: failing means Fault.</summary>
    public int Weight { get; init; }

    /// <summary>Invert each result before rise/fall counting.</summary>
    public bool Reverse { get; init; }

    /// <summary>State assumed before the first result.</summary>
    public bool InitiallyHealthy { get; init; }

    /// <summary>
    /// The check's plugin type and settings as text (filled by whoever built <see cref="Check"/>): a reload compares
    /// checks by it, never by the plugin object.
    /// </summary>
    public string Fingerprint { get; init; } = "";
}
