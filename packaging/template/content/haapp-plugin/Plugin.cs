using HaAppliance.Abstractions;

namespace HaPlugin.Example;

/// <summary>
/// The entry point. The host creates every public <see cref="IHaPlugin"/> of the main assembly once, at load,
/// and calls <see cref="Register"/>; nothing else runs until configuration names the registered type.
/// </summary>
public sealed class Plugin : IHaPlugin
{
    /// <summary>
    /// The name configuration uses (<c>type: haplugin_example</c>). Case-insensitive and unique across all
    /// loaded plugins: a duplicate stops the host at load and names both plugins.
    /// </summary>
    public const string TypeName = "haplugin_example";

    /// <inheritdoc/>
    public void Register(IPluginRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
#if (isCheck)
        registry.AddHealthCheck<ExampleCheckOptions>(TypeName, (options, context) => new ExampleCheck(options, context));
#elif (isNotifier)
        registry.AddNotifier<ExampleNotifierOptions>(TypeName, (options, context) => new ExampleNotifier(options, context));
#else
        registry.AddVipBackend<ExampleVipBackendOptions>(TypeName, (options, context) => new ExampleVipBackend(options, context));
#endif
    }
}
