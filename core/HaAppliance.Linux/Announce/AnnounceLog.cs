using System.Net;
using Microsoft.Extensions.Logging;

namespace HaAppliance.Linux.Announce;

/// <summary>Log lines of the announcer, worded as keepalived words them so operators' greps keep working.</summary>
internal static partial class AnnounceLog
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "({Instance}) Sending/queueing gratuitous ARPs on {Device} for {Address}")]
    public static partial void QueueingGratuitousArps(this ILogger logger, string instance, string device, IPAddress address);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "Sending gratuitous ARP on {Device} for {Address}")]
    public static partial void SendingGratuitousArp(this ILogger logger, string device, IPAddress address);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Information, Message = "({Instance}) Sending/queueing Unsolicited Neighbour Adverts on {Device} for {Address}")]
    public static partial void QueueingNeighbourAdverts(this ILogger logger, string instance, string device, IPAddress address);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Information, Message = "Sending unsolicited Neighbour Advert on {Device} for {Address}")]
    public static partial void SendingNeighbourAdvert(this ILogger logger, string device, IPAddress address);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Error, Message = "Failed to send announcement on {Device} for {Address}: {Reason}")]
    public static partial void SendFailed(this ILogger logger, string device, IPAddress address, string reason, Exception exception);
}
