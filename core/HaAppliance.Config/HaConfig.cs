namespace HaAppliance.Config;

/// <summary>
/// The one configuration model. Fed by the native YAML reader, the keepalived.conf reader and
/// Scriban-rendered templates (which produce YAML); validated by <c>ConfigValidator</c>.
/// </summary>
public sealed class HaConfig : ConfigNode
{
    /// <summary>The file the configuration was read from (first file, for includes).</summary>
    public string SourceFile { get; set; } = "<memory>";

    public GlobalConfig Global { get; set; } = new();

    public List<InstanceConfig> Instances { get; } = [];

    public List<CheckConfig> Checks { get; } = [];

    public List<NotifierConfig> Notifiers { get; } = [];

    public List<SyncGroupConfig> SyncGroups { get; } = [];

    /// <summary>Extra drop-in plugin folders, searched after the built-in <c>plugins/</c> folder.</summary>
    public List<string> PluginFolders { get; } = [];

    /// <summary>Constructs that the source syntax has but we do not support; each is reported, never ignored.</summary>
    public List<ConfigDiagnostic> Unsupported { get; } = [];
}
