#pragma warning disable CS1591 // draft: the plugin-kernel helper documents every member and removes this
// CONTRACT DRAFT — the plugin SDK. The plugin-kernel helper refines it (one type per file,
// XML docs); the notification and network helpers code against these shapes.
using System.Net;
using Microsoft.Extensions.DependencyInjection;

namespace HaAppliance.Abstractions;

/// <summary>Result of one health check run.</summary>
public sealed record HealthResult(bool Healthy, string? Detail = null)
{
    public static HealthResult Ok(string? detail = null) => new(true, detail);
    public static HealthResult Fail(string detail) => new(false, detail);
}

/// <summary>A polled health check. The kernel calls it every interval and enforces the timeout.</summary>
public interface IHealthCheck
{
    Task<HealthResult> CheckAsync(CancellationToken cancellationToken);
}

/// <summary>An event-driven health check (e.g. a process watcher): reports changes as they happen.</summary>
public interface IWatchingHealthCheck : IHealthCheck
{
    /// <summary>Runs until cancelled, calling <paramref name="report"/> on every change.</summary>
    Task WatchAsync(Func<HealthResult, ValueTask> report, CancellationToken cancellationToken);
}

/// <summary>A state transition of a VRRP instance, as notifiers receive it.</summary>
public sealed record StateChangeEvent(
    Guid Id,
    DateTimeOffset Time,
    string Node,
    string Instance,
    string? SyncGroup,
    string OldState,
    string NewState,
    int Priority,
    string Reason,
    IReadOnlyList<string> VirtualAddresses);

/// <summary>Delivers state changes somewhere (email, webhook, ...). Failures throw; the kernel retries.</summary>
public interface INotifier
{
    Task NotifyAsync(StateChangeEvent stateChange, CancellationToken cancellationToken);
}

/// <summary>A virtual address to add or remove.</summary>
public sealed record VipAddress(
    IPAddress Address,
    int PrefixLength,
    string Device,
    string? Label = null,
    string? Scope = null,
    IPAddress? Broadcast = null);

/// <summary>Adds and removes virtual addresses on interfaces (netlink, ip command, ...).</summary>
public interface IVipBackend
{
    Task AddAsync(VipAddress vip, CancellationToken cancellationToken);
    Task RemoveAsync(VipAddress vip, CancellationToken cancellationToken);
    /// <summary>True if the address is currently configured on its device.</summary>
    Task<bool> ExistsAsync(VipAddress vip, CancellationToken cancellationToken);
}

/// <summary>What a plugin factory gets besides its bound options.</summary>
public sealed record PluginContext(string Name, IServiceProvider Services);

/// <summary>Where a plugin registers its named types.</summary>
public interface IPluginRegistry
{
    IServiceCollection Services { get; }
    void AddHealthCheck<TOptions>(string type, Func<TOptions, PluginContext, IHealthCheck> factory) where TOptions : class, new();
    void AddNotifier<TOptions>(string type, Func<TOptions, PluginContext, INotifier> factory) where TOptions : class, new();
    void AddVipBackend<TOptions>(string type, Func<TOptions, PluginContext, IVipBackend> factory) where TOptions : class, new();
}

/// <summary>The entry point: the loader finds public non-abstract types implementing this in each plugin assembly.</summary>
public interface IHaPlugin
{
    void Register(IPluginRegistry registry);
}
