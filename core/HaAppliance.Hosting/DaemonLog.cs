using Microsoft.Extensions.Logging;

namespace HaAppliance.Hosting;

internal static partial class DaemonLog
{
    [LoggerMessage(2000, LogLevel.Information, "Starting HaAppliance {Version} ({Config})")]
    public static partial void Starting(ILogger log, string version, string config);

    [LoggerMessage(2001, LogLevel.Error, "{Diagnostic}")]
    public static partial void ConfigError(ILogger log, string diagnostic);

    [LoggerMessage(2003, LogLevel.Information, "Startup complete")]
    public static partial void StartupComplete(ILogger log);

    [LoggerMessage(2004, LogLevel.Information, "Stopping")]
    public static partial void Stopping(ILogger log);

    [LoggerMessage(2005, LogLevel.Information, "Stopped")]
    public static partial void Stopped(ILogger log);

    [LoggerMessage(2006, LogLevel.Information, "Reloading configuration {Config}")]
    public static partial void Reloading(ILogger log, string config);

    [LoggerMessage(2007, LogLevel.Error, "Reload refused: the new configuration has errors; the running one goes on")]
    public static partial void ReloadRefused(ILogger log);

    [LoggerMessage(2008, LogLevel.Warning, "Gratuitous ARP / unsolicited NA unavailable: {Reason}")]
    public static partial void AnnouncementsUnavailable(ILogger log, string reason);

    [LoggerMessage(2009, LogLevel.Warning, "Link monitoring unavailable: {Reason}")]
    public static partial void LinkMonitorUnavailable(ILogger log, string reason);

    [LoggerMessage(2010, LogLevel.Error, "{Message}")]
    public static partial void Fatal(ILogger log, string message);

    [LoggerMessage(2011, LogLevel.Information, "Reload complete: {Summary}")]
    public static partial void Reloaded(ILogger log, string summary);

    [LoggerMessage(2012, LogLevel.Information, "Serving Prometheus metrics on http://{Endpoint}/metrics")]
    public static partial void MetricsListening(ILogger log, string endpoint);

    [LoggerMessage(2013, LogLevel.Warning, "systemd notification failed: {Reason}")]
    public static partial void SystemdNotifyFailed(ILogger log, string reason);

    [LoggerMessage(2014, LogLevel.Warning, "Link monitoring: {Reason}; listing the links again and watching on")]
    public static partial void LinkWatchFailed(ILogger log, string reason);
}
