using Microsoft.Extensions.Logging;

namespace HaAppliance.Kernel.Tracking;

/// <summary>Tracker log lines, worded as keepalived's so operators' greps keep working.</summary>
internal static partial class TrackerLog
{
    [LoggerMessage(EventId = 200, Level = LogLevel.Information, Message = "VRRP_Script({Name}) succeeded")]
    public static partial void Succeeded(ILogger logger, string name);

    [LoggerMessage(EventId = 201, Level = LogLevel.Information, Message = "VRRP_Script({Name}) failed ({Detail})")]
    public static partial void Failed(ILogger logger, string name, string detail);

    [LoggerMessage(EventId = 202, Level = LogLevel.Warning, Message = "VRRP_Script({Name}) threw; counted as failed")]
    public static partial void Threw(ILogger logger, string name, Exception exception);

    [LoggerMessage(EventId = 203, Level = LogLevel.Warning, Message = "VRRP_Script({Name}) timed out after {Timeout}; counted as failed")]
    public static partial void TimedOut(ILogger logger, string name, TimeSpan timeout);

    [LoggerMessage(EventId = 204, Level = LogLevel.Debug, Message = "VRRP_Script({Name}) result {Healthy} ({Detail})")]
    public static partial void Result(ILogger logger, string name, bool healthy, string detail);

    [LoggerMessage(EventId = 205, Level = LogLevel.Error, Message = "Tracker sink failed for {Name}")]
    public static partial void SinkFailed(ILogger logger, string name, Exception exception);

    [LoggerMessage(EventId = 206, Level = LogLevel.Warning, Message = "VRRP_Script({Name}) watch ended unexpectedly; restarting")]
    public static partial void WatchEnded(ILogger logger, string name);
}
