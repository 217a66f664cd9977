using HaAppliance.Abstractions;

namespace HaAppliance.Plugins.Webhook;

/// <summary>Registers the <c>webhook</c> notifier type.</summary>
public sealed class WebhookPlugin : IHaPlugin
{
    public const string TypeName = "webhook";

    public void Register(IPluginRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.AddNotifier<WebhookNotifierOptions>(TypeName, static (options, _) => new WebhookNotifier(options));
    }
}
