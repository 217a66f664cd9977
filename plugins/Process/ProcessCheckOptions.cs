namespace HaAppliance.Plugins.Process;

/// <summary>Settings of a <c>process</c> check (keepalived's vrrp_track_process; same names and meanings).</summary>
public sealed class ProcessCheckOptions
{
    /// <summary>
    /// The process name, optionally followed by its parameters, as keepalived writes it:
    /// <c>nginx</c>, <c>/usr/sbin/haproxy -f /etc/haproxy.cfg</c>, <c>"/tmp/a b" param1 "param 2"</c>.
    /// The name matches <c>/proc/PID/comm</c> or argv[0] (as written or as a file name).
    /// </summary>
    public string Process { get; set; } = "";

    /// <summary>Parameters to match, when not written after the name in <see cref="Process"/>.</summary>
    public string? Parameters { get; set; }

    /// <summary>
    /// How parameters match (keepalived's param_match). Null: exactly, when parameters are given; any
    /// arguments otherwise. Set without parameters: the process must have no arguments.
    /// </summary>
    public ParamMatch? ParamMatch { get; set; }

    /// <summary>Match the whole command line (arguments joined by spaces) against <see cref="Process"/> (keepalived's full_command).</summary>
    public bool FullCommand { get; set; }

    /// <summary>Minimum number of matching processes for the check to be healthy (default 1).</summary>
    public int Quorum { get; set; } = 1;

    /// <summary>Maximum number of matching processes; null (default): no maximum; 0: failing if any runs.</summary>
    public int? QuorumMax { get; set; }

    /// <summary>Sets both <see cref="ForkDelay"/> and <see cref="TerminateDelay"/> (keepalived's delay).</summary>
    public TimeSpan? Delay { get; set; }

    /// <summary>How long a regained quorum must hold before healthy is reported (avoids bounces on fork/exec).</summary>
    public TimeSpan? ForkDelay { get; set; }

    /// <summary>How long a lost quorum must stay lost before failure is reported (avoids bounces on restarts).</summary>
    public TimeSpan? TerminateDelay { get; set; }

    /// <summary>How often /proc is rescanned to find newly started processes (exits are seen at once through pidfds).</summary>
    public TimeSpan ScanInterval { get; set; } = TimeSpan.FromSeconds(1);
}
