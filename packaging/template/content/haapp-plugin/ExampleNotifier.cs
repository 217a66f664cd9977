using HaAppliance.Abstractions;
using Microsoft.Extensions.Logging;

namespace HaPlugin.Example;

/// <summary>
/// Appends each state change to a file. The kernel queues state changes in a durable outbox and calls
/// <see cref="NotifyAsync"/> off the VRRP event loop; throw when delivery fails and the kernel retries with back-off.
/// </summary>
public sealed class ExampleNotifier : INotifier
{
    private readonly ExampleNotifierOptions _options;
    private readonly ILogger _logger;

    /// <summary>Validates the options; an <see cref="ArgumentException"/> here is reported at the notifier's line.</summary>
    /// <param name="options">The bound settings.</param>
    /// <param name="context">The notifier's name, logger and clock.</param>
    public ExampleNotifier(ExampleNotifierOptions options, PluginContext context)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        if (string.IsNullOrWhiteSpace(options.Path))
        {
            throw new ArgumentException("path is required");
        }

        _options = options;
        _logger = context.Logger;
    }

    /// <inheritdoc/>
    public async Task NotifyAsync(StateChangeEvent stateChange, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stateChange);
        var line = $"{stateChange.Time:O} {stateChange.Node} ({stateChange.Instance}) {stateChange.OldState} -> {stateChange.NewState} " +
                   $"priority {stateChange.Priority}: {stateChange.Reason} [{stateChange.Id}]{Environment.NewLine}";
        await File.AppendAllTextAsync(_options.Path, line, cancellationToken).ConfigureAwait(false);
        Log.Written(_logger, stateChange.Instance, $"{stateChange.NewState}", _options.Path);
    }
}
