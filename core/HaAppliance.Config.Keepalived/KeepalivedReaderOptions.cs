namespace HaAppliance.Config.Keepalived;

/// <summary>Options of <see cref="KeepalivedConfigReader"/>.</summary>
public sealed class KeepalivedReaderOptions
{
    /// <summary>
    /// The config-id that <c>@id</c> and <c>@^id</c> line prefixes are matched against (keepalived's <c>-i</c>).
    /// Null: the host name up to its first dot, as keepalived does.
    /// </summary>
    public string? ConfigId { get; set; }

    /// <summary>
    /// Where the tracker blocks' plugin settings go (the host builds it from the loaded plugins); by default the
    /// built-in names.
    /// </summary>
    public KeepalivedKeywordMap Keywords { get; set; } = KeepalivedKeywordMap.BuiltIn;

    /// <summary>The config-id in effect: <see cref="ConfigId"/> or the short host name.</summary>
    public string EffectiveConfigId
    {
        get
        {
            if (ConfigId is not null)
            {
                return ConfigId;
            }

            var host = Environment.MachineName;
            var dot = host.IndexOf('.', StringComparison.Ordinal);
            return dot > 0 ? host[..dot] : host;
        }
    }
}
