using K = HaAppliance.Config.Schema.KeyFactory<HaAppliance.Config.NotifierConfig>;

namespace HaAppliance.Config.Schema;

public static partial class ConfigSchema
{
    /// <summary>
    /// The keys of a notifier that the host reads. Every other key is the plugin's own setting, so a notifier
    /// has no unknown-key check of its own: its plugin validates the rest.
    /// </summary>
    public static ConfigSection<NotifierConfig> Notifier { get; } = new(
        "notifiers",
        K.String("type", n => n.Type, (n, v) => n.Type = v, "plugin type: `email`, `webhook` (more with plugins)", "required", always: true));
}
