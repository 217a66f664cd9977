using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using HaAppliance.Config;
using Microsoft.Extensions.Configuration;

namespace HaAppliance.Hosting.Plugins;

/// <summary>
/// Binds a plugin's flattened settings (<c>expect_status:0</c> = <c>200</c>) onto its options class with
/// Microsoft.Extensions.Configuration.Binder. Keys are snake_case in configuration and PascalCase in C#;
/// the binder matches case-insensitively, so dropping underscores and dashes per segment is enough.
/// </summary>
public static partial class PluginOptionsBinder
{
    /// <summary>Creates <paramref name="optionsType"/> and binds <paramref name="settings"/> onto it.</summary>
    /// <param name="optionsType">A class with a public parameterless constructor.</param>
    /// <param name="settings">The item's settings with their locations.</param>
    /// <param name="owner">Says whose settings these are in messages, e.g. <c>check 'chk_nginx' (type http)</c>.</param>
    /// <param name="fallback">Location used for errors when a key has none (the item itself).</param>
    /// <returns>The bound options.</returns>
    /// <exception cref="PluginConfigurationException">A key is unknown or a value does not convert; names FILE:LINE:COL, key and value.</exception>
    public static object Bind(Type optionsType, PluginSettings settings, string owner, SourceLocation fallback)
    {
        var options = Activator.CreateInstance(optionsType)
            ?? throw new InvalidOperationException($"cannot create {optionsType}");
        var all = settings.Values.ToList();
        if (TryBind(options, optionsType, all, out _))
        {
            return options;
        }

        // The binder's message names the normalised path only; find the one key that fails on its own
        // so the error can name its original spelling, value and location.
        foreach (var entry in all)
        {
            if (!TryBind(Activator.CreateInstance(optionsType)!, optionsType, [entry], out var error))
            {
                var where = settings.Locations.TryGetValue(entry.Key, out var l) ? l : fallback;
                throw new PluginConfigurationException(ConfigDiagnostic.Error(
                    where,
                    $"{owner}: invalid setting '{entry.Key}' = '{entry.Value}': {Explain(error!, optionsType)}"), error);
            }
        }

        // Each key binds alone but not together (should not happen): report on the item.
        TryBind(Activator.CreateInstance(optionsType)!, optionsType, all, out var combined);
        throw new PluginConfigurationException(
            ConfigDiagnostic.Error(fallback, $"{owner}: invalid settings: {Explain(combined!, optionsType)}"), combined);
    }

    /// <summary>
    /// Turns <c>send_timeout</c> into the binder's <c>sendtimeout</c>, segment by segment, leaving
    /// dictionary keys (<c>headers:X-Token</c>) and list indexes as written.
    /// </summary>
    internal static string NormaliseKey(Type optionsType, string key)
    {
        var segments = key.Split(':');
        Type? current = optionsType;
        for (int i = 0; i < segments.Length; i++)
        {
            if (current is not null && DictionaryValueType(current) is { } valueType)
            {
                current = valueType; // a dictionary key: keep its spelling
                continue;
            }

            if (current is not null && ElementType(current) is { } elementType)
            {
                current = elementType; // a list index
                continue;
            }

            segments[i] = segments[i].Replace("_", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
            current = current?.GetProperty(segments[i], BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase)?.PropertyType;
        }

        return string.Join(':', segments);
    }

    private static Type? DictionaryValueType(Type type) =>
        type.IsGenericType && type.GetGenericArguments().Length == 2
        && type.GetInterfaces().Append(type).Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IDictionary<,>))
            ? type.GetGenericArguments()[1]
            : null;

    private static Type? ElementType(Type type) =>
        type == typeof(string) ? null
        : type.IsArray ? type.GetElementType()
        : type.IsGenericType && type.GetGenericArguments().Length == 1 && typeof(System.Collections.IEnumerable).IsAssignableFrom(type)
            ? type.GetGenericArguments()[0]
            : null;

    private static string SnakeCase(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) && i > 0 ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    private static bool TryBind(object options, Type optionsType, IEnumerable<KeyValuePair<string, string?>> entries, out Exception? error)
    {
        var data = entries.Select(e => KeyValuePair.Create(ScalarToList(optionsType, NormaliseKey(optionsType, e.Key)), ConvertDuration(optionsType, e.Key, e.Value)));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(data).Build();
        try
        {
            configuration.Bind(options, o => o.ErrorOnUnknownConfiguration = true);
            error = null;
            return true;
        }
        catch (Exception ex) when (ex is InvalidOperationException or TargetInvocationException or ArgumentException or FormatException)
        {
            error = ex;
            return false;
        }
    }

    /// <summary>A single value written for a list property (<c>expect_status: 200</c>) binds as its only element.</summary>
    private static string ScalarToList(Type optionsType, string key)
    {
        if (key.Contains(':', StringComparison.Ordinal))
        {
            return key;
        }

        var type = optionsType.GetProperty(key, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase)?.PropertyType;
        bool isList = type is not null && type != typeof(string) && type.IsGenericType
            && type.GetGenericTypeDefinition() is var d && (d == typeof(List<>) || d == typeof(IList<>) || d == typeof(IReadOnlyList<>) || d == typeof(IEnumerable<>));
        return isList || (type?.IsArray ?? false) ? key + ":0" : key;
    }

    private static string Explain(Exception error, Type optionsType)
    {
        var inner = error;
        while (inner.InnerException is not null)
        {
            inner = inner.InnerException;
        }

        if (error.Message.Contains("ErrorOnUnknownConfiguration", StringComparison.Ordinal))
        {
            var known = optionsType.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(p => p.CanWrite || !p.PropertyType.IsValueType)
                .Select(p => SnakeCase(p.Name));
            return $"unknown setting; known settings: {string.Join(", ", known)}";
        }

        return inner == error ? error.Message : $"{error.Message} {inner.Message}";
    }

    /// <summary>
    /// Lets durations be written as keepalived-style numbers of seconds (<c>3</c>, <c>0.5</c>) or with a unit
    /// (<c>500ms</c>, <c>2s</c>, <c>1m</c>) for top-level TimeSpan properties; the binder only knows <c>00:00:02</c>.
    /// </summary>
    private static string? ConvertDuration(Type optionsType, string key, string? value)
    {
        if (value is null || key.Contains(':', StringComparison.Ordinal))
        {
            return value;
        }

        var property = optionsType.GetProperty(NormaliseKey(optionsType, key), BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
        if (property is null || (property.PropertyType != typeof(TimeSpan) && property.PropertyType != typeof(TimeSpan?)))
        {
            return value;
        }

        var match = DurationPattern().Match(value.Trim());
        if (!match.Success)
        {
            return value;
        }

        double number = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        var span = match.Groups[2].Value switch
        {
            "ms" => TimeSpan.FromMilliseconds(number),
            "m" => TimeSpan.FromMinutes(number),
            "h" => TimeSpan.FromHours(number),
            _ => TimeSpan.FromSeconds(number),
        };
        return span.ToString("c", CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"^([0-9]+(?:\.[0-9]+)?)(ms|s|m|h)?$")]
    private static partial Regex DurationPattern();
}
