using HaAppliance.Abstractions;

namespace HaAppliance.Plugins.Http;

/// <summary>Registers the <c>http</c> health check.</summary>
public sealed class HttpPlugin : IHaPlugin
{
    /// <inheritdoc/>
    public void Register(IPluginRegistry registry) =>
        registry.AddHealthCheck<HttpCheckOptions>("http", (options, _) => new HttpCheck(options));
}
