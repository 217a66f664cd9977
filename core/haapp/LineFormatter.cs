using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace HaAppliance.Cli;

/// <summary>
/// One plain line per log entry, like keepalived's: time, then the message
/// (`19:50:01.123 (VI_1) Entering MASTER STATE`), warnings and errors marked. Exceptions follow indented.
/// Under systemd (JOURNAL_STREAM set: standard output is connected to the journal) each line starts with the
/// sd-daemon priority prefix instead of a time (`&lt;6&gt;(VI_1) Entering MASTER STATE`): journald stamps the
/// time itself and files the line under its priority (`journalctl -p warning`), see sd-daemon(3).
/// </summary>
internal sealed class LineFormatter : ConsoleFormatter
{
    public const string FormatterName = "haapp";

    private readonly bool _journal;

    public LineFormatter()
        : this(!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("JOURNAL_STREAM")))
    {
    }

    internal LineFormatter(bool journal)
        : base(FormatterName)
    {
        _journal = journal;
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
        // Every line gets the prefix: journald reads each line of the stream as an entry of its own.
        var prefix = _journal
            ? JournalPriority(logEntry.LogLevel)
            : DateTime.Now.ToString("HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture) + " ";
        textWriter.Write(prefix);
        textWriter.Write(level);
        textWriter.WriteLine(message.Replace("\n", "\n" + (_journal ? prefix : ""), StringComparison.Ordinal));
        if (logEntry.Exception is { } ex && logEntry.LogLevel >= LogLevel.Error)
        {
            var indent = (_journal ? prefix : "") + "    ";
            textWriter.WriteLine(indent + ex.ToString().Replace("\n", "\n" + indent, StringComparison.Ordinal));
        }
    }

    /// <summary>The sd-daemon(3) prefix: syslog priorities &lt;7&gt; debug .. &lt;2&gt; critical.</summary>
    internal static string JournalPriority(LogLevel level) => level switch
    {
        LogLevel.Trace or LogLevel.Debug => "<7>",
        LogLevel.Information => "<6>",
        LogLevel.Warning => "<4>",
        LogLevel.Error => "<3>",
        _ => "<2>",
    };
}
