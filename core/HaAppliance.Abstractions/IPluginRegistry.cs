using Microsoft.Extensions.DependencyInjection;

namespace HaAppliance.Abstractions;

/// <summary>
/// Where a plugin registers its named types. A type name (<c>http</c>) is what configuration writes as
/// <c>type: http</c>; names are case-insensitive and must be unique across all loaded plugins.
/// </summary>
/// <remarks>
/// The options object is created with <c>new TOptions()</c> and bound from the item's settings section:
/// snake_case keys map to PascalCase properties (<c>expect_status</c> → <c>ExpectStatus</c>), lists are
/// written as sequences. A value that does not convert is reported with the file, line, column, key and value.
/// </remarks>
public interface IPluginRegistry
{
    /// <summary>Services shared with the kernel; a plugin may add its own here (they are built once, after all plugins registered).</summary>
    IServiceCollection Services { get; }

    /// <summary>Registers a health check type.</summary>
    /// <typeparam name="TOptions">The options class bound from the check's settings.</typeparam>
    /// <param name="type">The type name used in configuration.</param>
    /// <param name="factory">Creates one check from its bound options.</param>
    void AddHealthCheck<TOptions>(string type, Func<TOptions, PluginContext, IHealthCheck> factory) where TOptions : class, new();

    /// <summary>Registers a notifier type.</summary>
    /// <typeparam name="TOptions">The options class bound from the notifier's settings.</typeparam>
    /// <param name="type">The type name used in configuration.</param>
    /// <param name="factory">Creates one notifier from its bound options.</param>
    void AddNotifier<TOptions>(string type, Func<TOptions, PluginContext, INotifier> factory) where TOptions : class, new();

    /// <summary>Registers a VIP backend type.</summary>
    /// <typeparam name="TOptions">The options class bound from the backend's settings.</typeparam>
    /// <param name="type">The type name used in configuration (<c>vip_backend: netlink</c>).</param>
    /// <param name="factory">Creates one backend from its bound options.</param>
    void AddVipBackend<TOptions>(string type, Func<TOptions, PluginContext, IVipBackend> factory) where TOptions : class, new();
}
