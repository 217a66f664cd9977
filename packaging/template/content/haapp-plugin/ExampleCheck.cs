using System.Net.Sockets;
using HaAppliance.Abstractions;
using Microsoft.Extensions.Logging;

namespace HaPlugin.Example;

/// <summary>
/// Healthy when a TCP connection to <see cref="ExampleCheckOptions.Host"/>:<see cref="ExampleCheckOptions.Port"/>
/// opens. A polled check: the kernel calls <see cref="CheckAsync"/> every <c>interval</c>, one call at a time, off the
/// VRRP event loop, and cancels the token when <c>timeout</c> expires (the run then counts as failed).
/// </summary>
public sealed class ExampleCheck : IHealthCheck
{
    private readonly ExampleCheckOptions _options;
    private readonly ILogger _logger;

    /// <summary>Validates the options; an <see cref="ArgumentException"/> here is reported at the check's line.</summary>
    /// <param name="options">The bound settings.</param>
    /// <param name="context">The check's name, logger and clock.</param>
    public ExampleCheck(ExampleCheckOptions options, PluginContext context)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        if (string.IsNullOrWhiteSpace(options.Host))
        {
            throw new ArgumentException("host must not be empty");
        }

        if (options.Port is < 1 or > 65535)
        {
            throw new ArgumentException($"port must be 1-65535, got {options.Port}");
        }

        _options = options;
        _logger = context.Logger;
    }

    /// <inheritdoc/>
    public async Task<HealthResult> CheckAsync(CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        try
        {
            // Pass the token on: when the kernel's timeout cancels it, the connect attempt stops at once.
            await client.ConnectAsync(_options.Host, _options.Port, cancellationToken).ConfigureAwait(false);
            return HealthResult.Ok($"connected to {_options.Host}:{_options.Port}");
        }
        catch (SocketException ex)
        {
            Log.ConnectFailed(_logger, _options.Host, _options.Port, ex.SocketErrorCode.ToString());
            return HealthResult.Fail($"connect to {_options.Host}:{_options.Port}: {ex.SocketErrorCode}");
        }
    }
}
