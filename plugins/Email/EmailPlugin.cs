using HaAppliance.Abstractions;

namespace HaAppliance.Plugins.Email;

/// <summary>Registers the <c>email</c> notifier type.</summary>
public sealed class EmailPlugin : IHaPlugin
{
    public const string TypeName = "email";

    public void Register(IPluginRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.AddNotifier<EmailNotifierOptions>(TypeName, static (options, _) => new EmailNotifier(options));
    }
}
