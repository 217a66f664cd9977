using System.Collections;
using System.Net;
using System.Reflection;
using System.Text;
using HaAppliance.Config;

namespace HaAppliance.Config.Tests.Configuration;

/// <summary>
/// A canonical text of a model's values (every public property, recursively), leaving out where things
/// were written. Two models are equal when their dumps are; a new model property is covered automatically.
/// </summary>
internal static class ModelDump
{
    private static readonly HashSet<string> Skipped = ["Location", "KeyLocations", "Locations", "SourceFile"];

    public static string Of(object? value)
    {
        var sb = new StringBuilder();
        Write(sb, value, "", 0);
        return sb.ToString();
    }

    private static void Write(StringBuilder sb, object? value, string path, int depth)
    {
        switch (value)
        {
            case null:
                sb.Append(path).AppendLine(" = null");
                return;
            case string or bool or int or TimeSpan or Enum or IPAddress or System.Net.Sockets.AddressFamily:
                sb.Append(path).Append(" = ").AppendLine(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture));
                return;
            case IDictionary dict:
                foreach (var key in dict.Keys.Cast<object>().Select(k => k.ToString()!).Order(StringComparer.OrdinalIgnoreCase))
                {
                    Write(sb, dict[key], $"{path}[{key}]", depth + 1);
                }

                return;
            case IEnumerable list:
                var i = 0;
                foreach (var item in list)
                {
                    Write(sb, item, $"{path}[{i++}]", depth + 1);
                }

                sb.Append(path).Append(".Count = ").Append(i).AppendLine();
                return;
        }

        if (depth > 20)
        {
            throw new InvalidOperationException("model too deep at " + path);
        }

        foreach (var p in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            if (Skipped.Contains(p.Name) || p.GetIndexParameters().Length > 0)
            {
                continue;
            }

            Write(sb, p.GetValue(value), $"{path}.{p.Name}", depth + 1);
        }
    }
}
