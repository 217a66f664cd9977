using System.Globalization;
using HaAppliance.Config;
using Scriban.Runtime;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace HaAppliance.Templates;

/// <summary>
/// A site's values (etc/sites/NAME.yaml) as Scriban globals: mappings become objects, lists arrays,
/// unquoted numbers and booleans keep their type, everything else is a string.
/// </summary>
public static class SiteValues
{
    private const int MaxDepth = 32;

    public static (ScriptObject? Values, List<ConfigDiagnostic> Diagnostics) Load(string sitePath) => Load(sitePath, out _);

    /// <param name="sitePath">The site file.</param>
    /// <param name="keys">Every key name in the file (at any depth) and where it is first written, for messages.</param>
    public static (ScriptObject? Values, List<ConfigDiagnostic> Diagnostics) Load(string sitePath, out IReadOnlyDictionary<string, SourceLocation> keys)
    {
        var found = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
        keys = found;
        var diagnostics = new List<ConfigDiagnostic>();
        string text;
        try
        {
            text = File.ReadAllText(sitePath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            diagnostics.Add(ConfigDiagnostic.Error(new SourceLocation(sitePath, 0, 0), $"cannot read the site file: {e.Message}"));
            return (null, diagnostics);
        }

        if (HaAppliance.Config.Yaml.YamlDepthGuard.Check(text) is { } tooDeep)
        {
            diagnostics.Add(ConfigDiagnostic.Error(new SourceLocation(sitePath, (int)tooDeep.Where.Line, (int)tooDeep.Where.Column), tooDeep.Message));
            return (null, diagnostics);
        }

        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            diagnostics.Add(ConfigDiagnostic.Error(new SourceLocation(sitePath, (int)e.Start.Line, (int)e.Start.Column), $"YAML syntax: {e.Message}"));
            return (null, diagnostics);
        }

        var values = new ScriptObject();
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
        {
            return (values, diagnostics);
        }

        if (stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            var n = stream.Documents[0].RootNode;
            diagnostics.Add(ConfigDiagnostic.Error(new SourceLocation(sitePath, (int)n.Start.Line, (int)n.Start.Column), "a site file must be a mapping of names to values"));
            return (null, diagnostics);
        }

        var budget = 100_000;
        CollectKeys(root, sitePath, found, 0);
        foreach (var (k, v) in root.Children)
        {
            values.SetValue(((YamlScalarNode)k).Value ?? "", Convert(v, 0, ref budget), readOnly: false);
        }

        if (budget <= 0)
        {
            diagnostics.Add(ConfigDiagnostic.Error(new SourceLocation(sitePath, 1, 1), "the site file expands to too many values"));
            return (null, diagnostics);
        }

        return (values, diagnostics);
    }

    private static void CollectKeys(YamlNode node, string sitePath, Dictionary<string, SourceLocation> keys, int depth)
    {
        if (depth > MaxDepth || keys.Count > 10_000)
        {
            return;
        }

        switch (node)
        {
            case YamlMappingNode m:
                foreach (var (k, v) in m.Children)
                {
                    if (k is YamlScalarNode { Value: { Length: > 0 } name })
                    {
                        keys.TryAdd(name, new SourceLocation(sitePath, (int)k.Start.Line, (int)k.Start.Column));
                    }

                    CollectKeys(v, sitePath, keys, depth + 1);
                }

                break;
            case YamlSequenceNode s:
                foreach (var item in s.Children)
                {
                    CollectKeys(item, sitePath, keys, depth + 1);
                }

                break;
        }
    }

    private static object? Convert(YamlNode node, int depth, ref int budget)
    {
        if (--budget <= 0 || depth > MaxDepth)
        {
            budget = 0;
            return null;
        }

        switch (node)
        {
            case YamlMappingNode m:
                var obj = new ScriptObject();
                foreach (var (k, v) in m.Children)
                {
                    obj.SetValue((k as YamlScalarNode)?.Value ?? "", Convert(v, depth + 1, ref budget), readOnly: false);
                }

                return obj;
            case YamlSequenceNode s:
                var array = new ScriptArray();
                foreach (var item in s.Children)
                {
                    array.Add(Convert(item, depth + 1, ref budget));
                }

                return array;
            case YamlScalarNode scalar:
                if (scalar.Style != ScalarStyle.Plain)
                {
                    return scalar.Value;
                }

                var text = scalar.Value ?? "";
                if (text is "" or "~" or "null")
                {
                    return null;
                }

                if (text is "true" or "false")
                {
                    return text == "true";
                }

                if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
                {
                    return l is >= int.MinValue and <= int.MaxValue ? (int)l : l;
                }

                return text;
            default:
                return null;
        }
    }
}
