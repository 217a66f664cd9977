using HaAppliance.Abstractions;
using Microsoft.Extensions.DependencyInjection;

namespace HaAppliance.Hosting.Plugins;

/// <summary>The registry handed to one plugin's <see cref="IHaPlugin.Register"/>; records what it registers under its name.</summary>
internal sealed class PluginRegistry(PluginCatalog catalog, LoadedPlugin plugin) : IPluginRegistry
{
    public IServiceCollection Services => catalog.Services;

    public void AddHealthCheck<TOptions>(string type, Func<TOptions, PluginContext, IHealthCheck> factory)
        where TOptions : class, new() =>
        Add(PluginKind.HealthCheck, type, typeof(TOptions), (o, c) => factory((TOptions)o, c));

    public void AddNotifier<TOptions>(string type, Func<TOptions, PluginContext, INotifier> factory)
        where TOptions : class, new() =>
        Add(PluginKind.Notifier, type, typeof(TOptions), (o, c) => factory((TOptions)o, c));

    public void AddVipBackend<TOptions>(string type, Func<TOptions, PluginContext, IVipBackend> factory)
        where TOptions : class, new() =>
        Add(PluginKind.VipBackend, type, typeof(TOptions), (o, c) => factory((TOptions)o, c));

    private void Add(PluginKind kind, string type, Type optionsType, Func<object, PluginContext, object> factory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(type);
        ArgumentNullException.ThrowIfNull(factory);
        catalog.Register(new PluginRegistration(kind, type, optionsType, plugin, factory));
    }
}
