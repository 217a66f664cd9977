using System.Collections;
using System.Globalization;
using System.Net;
using System.Reflection;
using HaAppliance.Config;

namespace HaAppliance.Cli.Tests;

/// <summary>
/// Every public value of a configuration model as <c>path = value</c> lines, so two models read from different
/// syntaxes can be compared whole: a field the YAML writer or reader drops shows up as a differing line.
/// Source positions (which necessarily differ between the files) are left out.
/// </summary>
internal static class ConvertModelSnapshot
{
    private static readonly HashSet<string> Skipped = new(StringComparer.Ordinal)
    {
        nameof(ConfigNode.Location),
        nameof(ConfigNode.KeyLocations),
        nameof(HaConfig.SourceFile),
        nameof(HaConfig.Unsupported),
        nameof(PluginSettings.Locations),
    };

    public static IReadOnlyList<string> Of(HaConfig config)
    {
        var lines = new List<string>();
        Walk(config, "config", lines, depth: 0);
        return lines;
    }

    private static void Walk(object? value, string path, List<string> lines, int depth)
    {
        if (depth > 12)
        {
            throw new InvalidOperationException($"{path}: the model is deeper than expected (a cycle?)");
        }

        switch (value)
        {
            case null:
                lines.Add($"{path} = null");
                return;
            case string or bool or Enum or IPAddress:
                lines.Add($"{path} = {value}");
                return;
            case IFormattable f when value.GetType().IsPrimitive || value is TimeSpan or decimal:
                lines.Add($"{path} = {f.ToString(null, CultureInfo.InvariantCulture)}");
                return;
            case IDictionary dictionary:
                foreach (var key in dictionary.Keys.Cast<object>().OrderBy(k => k.ToString(), StringComparer.OrdinalIgnoreCase))
                {
                    Walk(dictionary[key], $"{path}[{key.ToString()!.ToLowerInvariant()}]", lines, depth + 1);
                }

                return;
            case IEnumerable items:
                var i = 0;
                foreach (var item in items)
                {
                    Walk(item, $"{path}[{i++}]", lines, depth + 1);
                }

                lines.Add($"{path}.Count = {i}");
                return;
        }

        foreach (var property in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance)
                     .Where(p => p.GetIndexParameters().Length == 0 && !Skipped.Contains(p.Name))
                     .OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            Walk(property.GetValue(value), $"{path}.{property.Name}", lines, depth + 1);
        }
    }
}
