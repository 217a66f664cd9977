namespace HaAppliance.Notifications.Scripts;

/// <summary>State names as keepalived passes them to scripts and the FIFO.</summary>
public static class NotifyState
{
    /// <summary>MASTER, BACKUP, FAULT or STOP; anything else becomes keepalived's <c>{UNKNOWN}</c>.</summary>
    public static string ToKeepalived(string state) => state.Trim().ToUpperInvariant() switch
    {
        "MASTER" => "MASTER",
        "BACKUP" => "BACKUP",
        "FAULT" => "FAULT",
        "STOP" or "STOPPED" or "STOPPING" => "STOP",
        _ => "{UNKNOWN}",
    };
}
