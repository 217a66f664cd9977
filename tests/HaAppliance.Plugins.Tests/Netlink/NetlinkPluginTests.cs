using HaAppliance.Abstractions;
using HaAppliance.Plugins.Netlink;

namespace HaAppliance.Plugins.Tests.Netlink;

[TestFixture]
public sealed class NetlinkPluginTests
{
    [Test]
    public void Register_Plugin_RegistersNetlinkBackend()
    {
        var registry = new RecordingRegistry();

        new NetlinkPlugin().Register(registry);

        Assert.That(registry.VipBackends, Is.EqualTo(new[] { "netlink" }));
    }

    private sealed class RecordingRegistry : IPluginRegistry
    {
        public List<string> VipBackends { get; } = [];

        public Microsoft.Extensions.DependencyInjection.IServiceCollection Services { get; } = new Microsoft.Extensions.DependencyInjection.ServiceCollection();

        public void AddHealthCheck<TOptions>(string type, Func<TOptions, PluginContext, IHealthCheck> factory) where TOptions : class, new() => throw new NotSupportedException();

        public void AddNotifier<TOptions>(string type, Func<TOptions, PluginContext, INotifier> factory) where TOptions : class, new() => throw new NotSupportedException();

        public void AddVipBackend<TOptions>(string type, Func<TOptions, PluginContext, IVipBackend> factory) where TOptions : class, new() => VipBackends.Add(type);
    }
}
