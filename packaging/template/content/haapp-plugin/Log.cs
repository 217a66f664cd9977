using Microsoft.Extensions.Logging;

namespace HaPlugin.Example;

/// <summary>
/// The plugin's log lines, source-generated. They go to the host's log (the journal) under the category
/// <c>HaAppliance.Plugins.haplugin_example</c>; keep them short and greppable.
/// </summary>
internal static partial class Log
{
#if (isCheck)
    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "Connect to {Host}:{Port} failed: {Error}")]
    public static partial void ConnectFailed(ILogger logger, string host, int port, string error);
#elif (isNotifier)
    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "Wrote {Instance} {NewState} to {Path}")]
    public static partial void Written(ILogger logger, string instance, string newState, string path);
#else
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Added {Address}/{PrefixLength} on {Device}")]
    public static partial void Added(ILogger logger, string address, int prefixLength, string device);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Removed {Address}/{PrefixLength} from {Device}")]
    public static partial void Removed(ILogger logger, string address, int prefixLength, string device);
#endif
}
