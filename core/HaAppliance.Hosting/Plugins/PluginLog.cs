using Microsoft.Extensions.Logging;

namespace HaAppliance.Hosting.Plugins;

/// <summary>The plugin catalog's log lines.</summary>
internal static partial class PluginLog
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Loaded plugin {Name} {Version} from {Path}: {Types}")]
    public static partial void Loaded(ILogger logger, string name, string version, string path, string types);

    [LoggerMessage(EventId = 101, Level = LogLevel.Debug, Message = "Plugin folder {Folder} does not exist; skipped")]
    public static partial void FolderMissing(ILogger logger, string folder);

    [LoggerMessage(EventId = 102, Level = LogLevel.Warning, Message = "{Refusal}")]
    public static partial void Refused(ILogger logger, string refusal);
}
