using HaAppliance.Abstractions;

namespace HaAppliance.Plugins.IpCommand;

/// <summary>Registers the <c>ip</c> VIP backend.</summary>
public sealed class IpCommandPlugin : IHaPlugin
{
    public const string TypeName = "ip";

    public void Register(IPluginRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.AddVipBackend<IpCommandOptions>(TypeName, (options, _) => new IpCommandVipBackend(options));
    }
}
