namespace HaAppliance.Notifications.Scripts;

/// <summary>How notify scripts run (keepalived's script_user, script timeout, notify_fifo).</summary>
public sealed class NotifyScriptOptions
{
    private TimeSpan _timeout = TimeSpan.FromSeconds(10);
    private int _queueCapacity = 256;

    /// <summary>Run scripts as this user (needs root); null: as the daemon's user.</summary>
    public string? ScriptUser { get; set; }

    /// <summary>Group for <see cref="ScriptUser"/>; null: the user's primary group.</summary>
    public string? ScriptGroup { get; set; }

    /// <summary>After this the script's whole process group is killed.</summary>
    public TimeSpan Timeout
    {
        get => _timeout;
        set => _timeout = value > TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(Timeout), value, "Script timeout must be positive.");
    }

    /// <summary>keepalived's notify_fifo: a FIFO receiving <c>INSTANCE "VI_1" MASTER 101</c> lines; null: none.</summary>
    public string? FifoPath { get; set; }

    /// <summary>
    /// keepalived's enable_script_security: before each run, refuse a script that a non-root user could replace
    /// (see <see cref="NotifyScriptSecurity"/>).
    /// </summary>
    public bool Secure { get; set; }

    /// <summary>Transitions waiting per instance; more are dropped with a log line.</summary>
    public int QueueCapacity
    {
        get => _queueCapacity;
        set => _queueCapacity = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(QueueCapacity), value, "QueueCapacity must be at least 1.");
    }

    public static NotifyScriptOptions FromConfig(HaAppliance.Config.GlobalConfig global) => new()
    {
        ScriptUser = global.ScriptUser,
        ScriptGroup = global.ScriptGroup,
        Timeout = global.ScriptTimeout,
        FifoPath = global.NotifyFifo,
        Secure = global.EnableScriptSecurity,
    };
}
