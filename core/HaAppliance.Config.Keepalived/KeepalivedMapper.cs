using System.Globalization;

namespace HaAppliance.Config.Keepalived;

/// <summary>
/// Maps the keepalived statement tree onto <see cref="HaConfig"/> with keepalived's defaults and rules.
/// Split by block: global_defs, vrrp_instance, trackers, vrrp_sync_group; value parsing in its own part.
/// </summary>
internal sealed partial class KeepalivedMapper
{
    private readonly HaConfig _config;
    private readonly List<ConfigDiagnostic> _diagnostics;

    // Per-instance GARP overrides, applied on top of the global values once the whole file is read
    // (global_defs may come after the instances).
    private readonly Dictionary<InstanceConfig, List<Action<GarpConfig>>> _garpOverrides = [];
    private readonly Dictionary<InstanceConfig, SourceLocation> _versionWritten = [];
    private readonly Dictionary<CheckConfig, string> _checkKinds = [];

    // vrrp_script / vrrp_track_process with "weight W reverse": where the reverse was written.
    private readonly Dictionary<CheckConfig, SourceLocation> _weightReverse = [];
    private readonly KeepalivedKeywordMap _keywords;
    private bool? _globalSmtpAlert;

    public KeepalivedMapper(HaConfig config, List<ConfigDiagnostic> diagnostics, KeepalivedKeywordMap? keywords = null)
    {
        _config = config;
        _diagnostics = diagnostics;
        _keywords = keywords ?? KeepalivedKeywordMap.BuiltIn;
    }

    public void Map(List<KeepalivedStatement> statements)
    {
        foreach (var s in statements)
        {
            switch (s.Name)
            {
                case "global_defs":
                    if (ExpectBlock(s))
                    {
                        MapGlobal(s);
                    }

                    break;
                case "vrrp_instance":
                    if (ExpectBlock(s) && ExpectName(s, "vrrp_instance") is { } instanceName)
                    {
                        MapInstance(s, instanceName);
                    }

                    break;
                case "vrrp_script":
                    if (ExpectBlock(s) && ExpectName(s, "vrrp_script") is { } scriptName)
                    {
                        MapScript(s, scriptName);
                    }

                    break;
                case "vrrp_track_process":
                    if (ExpectBlock(s) && ExpectName(s, "vrrp_track_process") is { } processName)
                    {
                        MapTrackProcess(s, processName);
                    }

                    break;
                case "track_file":
                case "vrrp_track_file":
                    if (ExpectBlock(s) && ExpectName(s, s.Name) is { } fileName)
                    {
                        MapTrackFile(s, fileName);
                    }

                    break;
                case "vrrp_sync_group":
                    if (ExpectBlock(s) && ExpectName(s, "vrrp_sync_group") is { } groupName)
                    {
                        MapSyncGroup(s, groupName);
                    }

                    break;
                default:
                    UnknownOrUnsupported(s, "at top level", KeepalivedKeywords.Root, KeepalivedKeywords.RootUnsupported);
                    break;
            }
        }

        Finish();
    }

    private void Error(SourceLocation where, string message) => _diagnostics.Add(ConfigDiagnostic.Error(where, message));

    private void Warning(SourceLocation where, string message) => _diagnostics.Add(ConfigDiagnostic.Warning(where, message));

    private void Unsupported(KeepalivedStatement s, string context, bool asError)
    {
        var what = s.Block is null ? "line ignored" : "block ignored";
        var d = asError
            ? ConfigDiagnostic.Error(s.Location, $"unsupported: '{s.Name}' {context} ({what}; ignoring it would change behaviour, remove it or replace it)")
            : ConfigDiagnostic.Warning(s.Location, $"unsupported: '{s.Name}' {context} ({what})");
        _diagnostics.Add(d);
        _config.Unsupported.Add(d);
    }

    private void UnknownOrUnsupported(KeepalivedStatement s, string context, string[] known, Dictionary<string, bool> unsupported)
    {
        if (unsupported.TryGetValue(s.Name, out var asError))
        {
            Unsupported(s, context, asError);
            return;
        }

        Error(s.Location, $"unknown keyword '{s.Name}' {context}{DidYouMean.HintInParentheses(s.Name, known.Concat(unsupported.Keys))}");
    }

    private bool ExpectBlock(KeepalivedStatement s)
    {
        if (s.Block is not null)
        {
            return true;
        }

        Error(s.Location, $"'{s.Name}' needs a {{ }} block");
        return false;
    }

    private string? ExpectName(KeepalivedStatement s, string what)
    {
        if (s.Args.Count == 0)
        {
            Error(s.Location, $"'{what}' needs a name: {what} NAME {{ ... }}");
            return null;
        }

        if (s.Args.Count > 1)
        {
            Warning(s.Args[1].Location, $"extra words after '{what} {s.Args[0].Text}' ignored: {string.Join(' ', s.Args.Skip(1))}");
        }

        return s.Args[0].Text;
    }

    /// <summary>Checks the word count of a keyword line; extra words are ignored with a warning, as keepalived ignores them.</summary>
    private bool Arity(KeepalivedStatement s, int min, int max, string usage)
    {
        if (s.Args.Count < min)
        {
            Error(s.Location, $"'{s.Name}' needs a value: {usage}");
            return false;
        }

        if (s.Args.Count > max)
        {
            // "router_id A; vrrp_version 3" is a common mistake: keepalived.conf has one statement per line.
            var semicolon = max > 0 && s.Args[max - 1].Text.EndsWith(';') ? "; ';' does not end a statement in keepalived.conf, put one per line" : "";
            // A password's words are not repeated in a message.
            var extra = s.Name == "auth_pass" ? $"{s.Args.Count - max} word(s)" : string.Join(' ', s.Args.Skip(max));
            Warning(s.Args[max].Location, $"extra words after '{s.Name}' ignored: {extra} (usage: {usage}{semicolon})");
        }

        if (s.Block is not null)
        {
            Error(s.Location, $"'{s.Name}' takes no {{ }} block (usage: {usage}; block ignored)");
        }

        return true;
    }

    private List<KeepalivedStatement> ValueBlock(KeepalivedStatement s, string usage)
    {
        if (s.Block is null)
        {
            Error(s.Location, $"'{s.Name}' needs a {{ }} block: {usage}");
            return [];
        }

        if (s.Args.Count > 0)
        {
            Warning(s.Args[0].Location, $"extra words after '{s.Name}' ignored: {string.Join(' ', s.Args)}");
        }

        return s.Block;
    }

    private static void At(ConfigNode node, string key, SourceLocation where) =>
        node.KeyLocations[ModelKeys.TryGetValue(key, out var yamlKey) ? yamlKey : key] = where;

    /// <summary>
    /// KeyLocations are keyed by the native YAML names (what the validator asks for), so an error in a
    /// keepalived.conf points at the exact keyword, not at the whole block.
    /// </summary>
    private static readonly Dictionary<string, string> ModelKeys = new(StringComparer.Ordinal)
    {
        ["advert_interval"] = "advert_int",
        ["virtual_addresses"] = "virtual_ipaddress",
        ["excluded_addresses"] = "virtual_ipaddress_excluded",
        ["unicast_peers"] = "unicast_peer",
        ["track_checks"] = "track_script",
        ["track_files"] = "track_file",
        ["track_interfaces"] = "track_interface",
        ["instances"] = "group",
        ["strict"] = "vrrp_strict",
        ["initially_healthy"] = "init",
        ["device"] = "dev",
    };

    private static string Invariant(TimeSpan t) => t.TotalSeconds.ToString(CultureInfo.InvariantCulture);
}
