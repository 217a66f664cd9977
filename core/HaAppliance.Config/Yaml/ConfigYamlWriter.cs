using System.Globalization;
using HaAppliance.Config.Schema;

namespace HaAppliance.Config.Yaml;

/// <summary>
/// Writes a model in the native schema (for <c>haapp convert</c>). Values that differ from the model's
/// defaults are written, and those the source set explicitly (even to the default), so a converted
/// keepalived.conf says what the original said and no more. What each
/// key writes comes from <see cref="ConfigSchema"/>; this class adds the plugins' own settings.
/// </summary>
public static class ConfigYamlWriter
{
    public static void Write(HaConfig config, TextWriter writer) =>
        YamlSink.Document(writer, w => ConfigSchema.TopLevel.Write(w, config), keepExplicit: true);

    public static string Write(HaConfig config)
    {
        using var sw = new StringWriter(CultureInfo.InvariantCulture);
        Write(config, sw);
        return sw.ToString();
    }

    /// <summary>Un-flattens <c>a:b:0</c> keys back into nested mappings and lists.</summary>
    internal static void WriteSettings(YamlSink w, PluginSettings settings)
    {
        var root = new SettingsNode();
        foreach (var (key, value) in settings.Values)
        {
            var node = root;
            foreach (var part in key.Split(':'))
            {
                node = node.Children.TryGetValue(part, out var child) ? child : node.Children[part] = new SettingsNode();
            }

            node.Value = value;
            node.IsLeaf = true;
        }

        foreach (var (k, child) in root.Children)
        {
            w.Key(k);
            WriteSettingsNode(w, child);
        }
    }

    private static void WriteSettingsNode(YamlSink w, SettingsNode node)
    {
        if (node.IsLeaf && node.Children.Count == 0)
        {
            if (node.Value is null)
            {
                w.Null();
            }
            else
            {
                w.SettingScalar(node.Value);
            }

            return;
        }

        var keys = node.Children.Keys.ToList();
        var isList = keys.Count > 0 && keys.Select((k, i) => k == YamlSink.Num(i)).All(x => x);
        if (isList)
        {
            w.BeginSeq();
            foreach (var k in keys)
            {
                WriteSettingsNode(w, node.Children[k]);
            }

            w.EndSeq();
            return;
        }

        w.Begin();
        foreach (var (k, child) in node.Children)
        {
            w.Key(k);
            WriteSettingsNode(w, child);
        }

        w.End();
    }

    private sealed class SettingsNode
    {
        public Dictionary<string, SettingsNode> Children { get; } = new(StringComparer.Ordinal);

        public string? Value { get; set; }

        public bool IsLeaf { get; set; }
    }
}
