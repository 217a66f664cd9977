using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace HaAppliance.Cli;

/// <summary>
/// One plain line per log entry, like keepalived's in the journal: time, then the message
/// (`19:50:01.123 (VI_1) Entering MASTER STATE`), warnings and errors marked. Exceptions follow indented.
/// </summary>
internal sealed class LineFormatter : ConsoleFormatter
{
    public const string FormatterName = "haapp";

    public LineFormatter()
        : base(FormatterName)
    {
    }

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter(logEntry.State, logEntry.Exception);
        var level = logEntry.LogLevel switch
        {
            LogLevel.Warning => "WARNING: ",
            LogLevel.Error => "ERROR: ",
            LogLevel.Critical => "CRITICAL: ",
            _ => "",
        };
        textWriter.Write(DateTime.Now.ToString("HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture));
        textWriter.Write(' ');
        textWriter.Write(level);
        textWriter.WriteLine(message);
        if (logEntry.Exception is { } ex && logEntry.LogLevel >= LogLevel.Error)
        {
            textWriter.WriteLine("    " + ex.ToString().Replace("\n", "\n    ", StringComparison.Ordinal));
        }
    }
}
