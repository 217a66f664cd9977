using Microsoft.Extensions.Logging;

namespace HaAppliance.Linux.Transport;

/// <summary>Log lines of the live transport's receive paths.</summary>
internal static partial class TransportLog
{
    [LoggerMessage(EventId = 3201, Level = LogLevel.Error, Message = "Receiving {Family} VRRP failed: {Reason}; reopening the socket in {DelayMs} ms (failure {Count}); the other family goes on")]
    public static partial void ReceiveFailed(this ILogger logger, string family, string reason, long delayMs, long count);

    [LoggerMessage(EventId = 3202, Level = LogLevel.Warning, Message = "Reopened the {Family} VRRP socket; receiving again")]
    public static partial void Reopened(this ILogger logger, string family);
}
