using System.Net;
using HaAppliance.Config.Yaml;

namespace HaAppliance.Config.Schema;

/// <summary>
/// Builds the descriptors of one model type's keys from a getter and a setter: the parser and the
/// "written only when not the default" rule come from the value's type, the documented default from
/// the model's own initial value (unless a text is given, for defaults such as "host name").
/// </summary>
internal static class KeyFactory<T>
    where T : ConfigNode, new()
{
    /// <summary>A fresh model: the defaults the writer leaves out and the documentation shows.</summary>
    private static readonly T Defaults = new();

    public static ConfigKey<T> String(string name, Func<T, string?> get, Action<T, string> set, string doc, string? defaultText = null, bool always = false) =>
        new(name, defaultText ?? Show(get(Defaults)), doc,
            (r, k, v, m) =>
            {
                if (r.Str(v, k) is { } x)
                {
                    set(m, x);
                }
            },
            (w, k, m) =>
            {
                if (get(m) is { } x && (always || x != get(Defaults) || w.Explicit(m, k)))
                {
                    w.Pair(k, x);
                }
            });

    public static ConfigKey<T> Int(string name, Func<T, int> get, Action<T, int> set, string doc, string? defaultText = null, bool always = false) =>
        new(name, defaultText ?? Show(YamlSink.Num(get(Defaults))), doc,
            (r, k, v, m) =>
            {
                if (r.Int(v, k) is { } x)
                {
                    set(m, x);
                }
            },
            (w, k, m) =>
            {
                if (always || get(m) != get(Defaults) || w.Explicit(m, k))
                {
                    w.Pair(k, YamlSink.Num(get(m)));
                }
            });

    /// <summary>An integer that may be left unset (null: a rule or another key decides).</summary>
    public static ConfigKey<T> OptionalInt(string name, Func<T, int?> get, Action<T, int> set, string doc, string defaultText) =>
        new(name, defaultText, doc,
            (r, k, v, m) =>
            {
                if (r.Int(v, k) is { } x)
                {
                    set(m, x);
                }
            },
            (w, k, m) =>
            {
                if (get(m) is { } x)
                {
                    w.Pair(k, YamlSink.Num(x));
                }
            });

    public static ConfigKey<T> Bool(string name, Func<T, bool> get, Action<T, bool> set, string doc, string? defaultText = null) =>
        new(name, defaultText ?? Show(get(Defaults) ? "true" : "false"), doc,
            (r, k, v, m) =>
            {
                if (r.Bool(v, k) is { } x)
                {
                    set(m, x);
                }
            },
            (w, k, m) =>
            {
                if (get(m) != get(Defaults) || w.Explicit(m, k))
                {
                    w.Pair(k, get(m));
                }
            });

    /// <summary>A boolean that may be left unset (null: the global setting or a rule decides).</summary>
    public static ConfigKey<T> OptionalBool(string name, Func<T, bool?> get, Action<T, bool> set, string doc, string defaultText) =>
        new(name, defaultText, doc,
            (r, k, v, m) =>
            {
                if (r.Bool(v, k) is { } x)
                {
                    set(m, x);
                }
            },
            (w, k, m) =>
            {
                if (get(m) is { } x)
                {
                    w.Pair(k, x);
                }
            });

    public static ConfigKey<T> Duration(string name, Func<T, TimeSpan> get, Action<T, TimeSpan> set, string doc, string? defaultText = null) =>
        new(name, defaultText ?? Show(Config.Duration.Format(get(Defaults))), doc,
            (r, k, v, m) =>
            {
                if (r.Dur(v, k) is { } x)
                {
                    set(m, x);
                }
            },
            (w, k, m) =>
            {
                if (get(m) != get(Defaults) || w.Explicit(m, k))
                {
                    w.Pair(k, Config.Duration.Format(get(m)));
                }
            });

    /// <summary>A duration that may be left unset (null: another key decides).</summary>
    public static ConfigKey<T> OptionalDuration(string name, Func<T, TimeSpan?> get, Action<T, TimeSpan> set, string doc, string defaultText) =>
        new(name, defaultText, doc,
            (r, k, v, m) =>
            {
                if (r.Dur(v, k) is { } x)
                {
                    set(m, x);
                }
            },
            (w, k, m) =>
            {
                if (get(m) is { } x)
                {
                    w.Pair(k, Config.Duration.Format(x));
                }
            });

    public static ConfigKey<T> Address(string name, Func<T, IPAddress?> get, Action<T, IPAddress> set, string doc, string? defaultText = null) =>
        new(name, defaultText ?? Show(get(Defaults)?.ToString()), doc,
            (r, k, v, m) =>
            {
                if (r.Ip(v, k) is { } x)
                {
                    set(m, x);
                }
            },
            (w, k, m) =>
            {
                if (get(m) is { } x && (!x.Equals(get(Defaults)) || w.Explicit(m, k)))
                {
                    w.Pair(k, x.ToString());
                }
            });

    /// <summary>A list of strings; a single value counts as a list of one.</summary>
    public static ConfigKey<T> StringList(string name, Func<T, List<string>> get, string doc, string? defaultText = null) =>
        new(name, defaultText ?? "`[]`", doc,
            (r, k, v, m) => get(m).AddRange(r.StringList(v, k, m, k)),
            (w, k, m) =>
            {
                if (get(m).Count > 0)
                {
                    w.Key(k);
                    w.Seq(get(m));
                }
            });

    /// <summary>A notify script command line, kept in the model's <see cref="NotifyScripts"/>.</summary>
    public static ConfigKey<T> Notify(string name, Func<T, NotifyScripts> scripts, Func<NotifyScripts, string?> get, Action<NotifyScripts, string> set, string doc) =>
        new(name, "–", doc,
            (r, k, v, m) =>
            {
                scripts(m).KeyLocations[k] = r.Loc(v);
                if (r.Str(v, k) is { } x)
                {
                    set(scripts(m), x);
                }
            },
            (w, k, m) =>
            {
                if (get(scripts(m)) is { } x)
                {
                    w.Pair(k, x);
                }
            });

    /// <summary>A key with its own parser and writer (null: read only, written under another key).</summary>
    public static ConfigKey<T> Custom(string name, string defaultText, string doc, KeyRead<T> read, KeyWrite<T>? write) =>
        new(name, defaultText, doc, read, write);

    private static string Show(string? value) => value is null ? "–" : $"`{value}`";
}
