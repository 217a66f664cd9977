namespace HaAppliance.Plugins.Process;

/// <summary>Settings of a <c>process</c> check (keepalived's vrrp_track_process).</summary>
public sealed class ProcessCheckOptions
{
    /// <summary>
    /// The process: its name (<c>/proc/PID/comm</c>, at most 15 characters), or its argv[0] as written or
    /// as a file name (<c>/usr/sbin/nginx</c> or <c>nginx</c>).
    /// </summary>
    public string Process { get; set; } = "";

    /// <summary>Arguments to match (argv[1..] joined by single spaces); null: any arguments.</summary>
    public string? Parameters { get; set; }

    /// <summary>How <see cref="Parameters"/> is compared; default exact.</summary>
    public ParamMatch ParamMatch { get; set; } = ParamMatch.Exact;

    /// <summary>Minimum number of matching processes for the check to be healthy (default 1).</summary>
    public int Quorum { get; set; } = 1;

    /// <summary>Maximum number of matching processes; 0 (default): no maximum.</summary>
    public int QuorumMax { get; set; }

    /// <summary>How long the quorum must stay lost before failure is reported (keepalived's delay; default 0).</summary>
    public TimeSpan Delay { get; set; } = TimeSpan.Zero;

    /// <summary>How often /proc is rescanned to find newly started processes (exits are seen at once through pidfds).</summary>
    public TimeSpan ScanInterval { get; set; } = TimeSpan.FromSeconds(1);
}
