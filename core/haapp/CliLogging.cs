using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace HaAppliance.Cli;

/// <summary>The daemon's logging: one plain line per entry on standard output (see <see cref="LineFormatter"/>).</summary>
internal static class CliLogging
{
    public static ILoggerFactory Create(LogLevel minimum = LogLevel.Information) => LoggerFactory.Create(builder => builder
        .SetMinimumLevel(minimum)
        .AddConsole(o => o.FormatterName = LineFormatter.FormatterName)
        .AddConsoleFormatter<LineFormatter, ConsoleFormatterOptions>());
}
