using System.Collections.Concurrent;
using HaAppliance.Abstractions;
using Microsoft.Extensions.Logging;

namespace HaPlugin.Example;

/// <summary>
/// A VIP backend skeleton that only remembers the addresses: replace the bodies with calls to your API. The kernel
/// calls it off the VRRP event loop, one operation at a time per instance; honour the token (cancelled on timeout or
/// shutdown) and keep each call idempotent: adding a present address or removing an absent one is not an error.
/// </summary>
public sealed class ExampleVipBackend : IVipBackend
{
    private readonly ConcurrentDictionary<string, VipAddress> _present = new(StringComparer.Ordinal);
    private readonly ILogger _logger;

    /// <summary>Validates the options; an <see cref="ArgumentException"/> here stops the daemon at start with the reason.</summary>
    /// <param name="options">The settings (defaults: VIP backends take none from configuration).</param>
    /// <param name="context">The backend's logger and clock.</param>
    public ExampleVipBackend(ExampleVipBackendOptions options, PluginContext context)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        if (!Uri.TryCreate(options.Endpoint, UriKind.Absolute, out _))
        {
            throw new ArgumentException($"endpoint '{options.Endpoint}' is not an absolute URI");
        }

        _logger = context.Logger;
    }

    /// <inheritdoc/>
    public Task AddAsync(VipAddress vip, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(vip);
        cancellationToken.ThrowIfCancellationRequested();
        if (_present.TryAdd(Key(vip), vip))
        {
            Log.Added(_logger, vip.Address.ToString(), vip.PrefixLength, vip.Device);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task RemoveAsync(VipAddress vip, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(vip);
        cancellationToken.ThrowIfCancellationRequested();
        if (_present.TryRemove(Key(vip), out _))
        {
            Log.Removed(_logger, vip.Address.ToString(), vip.PrefixLength, vip.Device);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task<bool> ExistsAsync(VipAddress vip, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(vip);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_present.ContainsKey(Key(vip)));
    }

    private static string Key(VipAddress vip) => $"{vip.Address}/{vip.PrefixLength}%{vip.Device}";
}
