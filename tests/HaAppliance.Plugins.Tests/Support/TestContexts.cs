using HaAppliance.Abstractions;
using Microsoft.Extensions.DependencyInjection;

namespace HaAppliance.Plugins.Tests.Support;

/// <summary>Plugin contexts as the kernel builds them, with a capturing logger.</summary>
internal static class TestContexts
{
    public static PluginContext For(string name, ListLogger logger) =>
        new(name, new ServiceCollection().BuildServiceProvider()) { Logger = logger };
}
