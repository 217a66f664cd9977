namespace HaAppliance.Plugins.IpCommand;

/// <summary>Options of the <c>ip</c> VIP backend.</summary>
public sealed class IpCommandOptions
{
    private TimeSpan _timeout = TimeSpan.FromSeconds(10);

    /// <summary>The ip program (a name looked up in PATH, or a full path).</summary>
    public string IpPath { get; set; } = "ip";

    /// <summary>Folder holding addr-add.sbn, addr-del.sbn and addr-show.sbn; null: the templates shipped with the plugin.</summary>
    public string? TemplateDirectory { get; set; }

    /// <summary>Network namespace to act in (ip -n); null: the daemon's own.</summary>
    public string? Netns { get; set; }

    /// <summary>How long one ip command may run before it is killed (default 10 s).</summary>
    public TimeSpan Timeout
    {
        get => _timeout;
        set
        {
            if (value <= TimeSpan.Zero || value > TimeSpan.FromMinutes(5))
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "ip timeout must be between 1 ms and 5 minutes.");
            }
            _timeout = value;
        }
    }
}
