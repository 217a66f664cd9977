using HaAppliance.Abstractions;

namespace HaAppliance.Hosting.Tests.Plugins;

/// <summary>An in-process plugin for <see cref="PluginCatalogTests.AddAssembly_RegistersInProcessPlugin_TypesAreCaseInsensitive"/>.</summary>
public sealed class TestPlugin : IHaPlugin
{
    public void Register(IPluginRegistry registry)
    {
        registry.AddNotifier<TestNotifierOptions>("test_notifier", (_, _) => new TestNotifier());
        registry.AddNotifier<TestNotifierOptions>("test_broken", (_, _) => throw new NullReferenceException("oops"));
    }
}
