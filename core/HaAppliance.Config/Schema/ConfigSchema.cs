namespace HaAppliance.Config.Schema;

/// <summary>
/// The native YAML schema, one table of key descriptors per section. The YAML reader, the YAML writer,
/// the unknown-key check (with its did-you-mean), a reload's "which keys changed" and the key tables of
/// docs/configuration.md all read these tables; a key is added in one place.
/// </summary>
/// <remarks>
/// Not in a table: the options of a VIP's one-line form (<see cref="VipLineOptions"/>, words on a line, not keys),
/// and plugin settings (every key of a check or notifier that is not in <see cref="Check"/> or <see cref="Notifier"/>),
/// which the plugin validates.
/// </remarks>
public static partial class ConfigSchema
{
    /// <summary>Options of a VIP written in keepalived's one-line form (<c>192.0.2.1/24 dev eth0 ...</c>).</summary>
    public static IReadOnlyList<string> VipLineOptions { get; } = ["dev", "label", "scope", "brd"];

    /// <summary>Every table, for the documentation generator.</summary>
    /// <remarks>A property evaluated on use: the tables live in partial files, whose initialisation order C# leaves open.</remarks>
    public static IReadOnlyList<ConfigSection> Sections => [TopLevel, Global, Garp, Check, Notifier, Instance, Authentication, Vip, Track, SyncGroup];
}
