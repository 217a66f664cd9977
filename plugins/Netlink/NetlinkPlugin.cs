using HaAppliance.Abstractions;

namespace HaAppliance.Plugins.Netlink;

/// <summary>Registers the <c>netlink</c> VIP backend (the default).</summary>
public sealed class NetlinkPlugin : IHaPlugin
{
    public const string TypeName = "netlink";

    public void Register(IPluginRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.AddVipBackend<NetlinkOptions>(TypeName, (options, _) => new NetlinkVipBackend(options));
    }
}
