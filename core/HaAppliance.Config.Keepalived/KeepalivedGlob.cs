using System.Text;
using System.Text.RegularExpressions;

namespace HaAppliance.Config.Keepalived;

/// <summary>
/// The glob(3) subset keepalived's <c>include</c> uses (GLOB_BRACE): <c>*</c>, <c>?</c>, <c>[...]</c> and
/// <c>{a,b}</c>; relative patterns are taken from the including file's folder. Matches are sorted per
/// brace alternative, like glob(3); folders are skipped; <c>*</c> does not match a leading dot.
/// </summary>
internal static class KeepalivedGlob
{
    private const int MaxAlternatives = 256;

    public static bool HasWildcards(string pattern) => pattern.IndexOfAny(['*', '?', '[', '{']) >= 0;

    public static List<string> Expand(string pattern, string baseDirectory)
    {
        var results = new List<string>();
        foreach (var alternative in ExpandBraces(pattern, 0))
        {
            var full = Path.IsPathRooted(alternative) ? alternative : Path.Combine(baseDirectory, alternative);
            var matches = new List<string>();
            Match(Path.GetFullPath(full), matches);
            matches.Sort(StringComparer.Ordinal);
            foreach (var m in matches)
            {
                if (!results.Contains(m))
                {
                    results.Add(m);
                }
            }
        }

        return results;
    }

    private static IEnumerable<string> ExpandBraces(string pattern, int depth)
    {
        var open = pattern.IndexOf('{', StringComparison.Ordinal);
        if (open < 0 || depth > 8)
        {
            yield return pattern;
            yield break;
        }

        // Find the matching close brace and the top-level commas between.
        var level = 0;
        var commas = new List<int>();
        var close = -1;
        for (var i = open; i < pattern.Length && close < 0; i++)
        {
            switch (pattern[i])
            {
                case '{':
                    level++;
                    break;
                case '}':
                    if (--level == 0)
                    {
                        close = i;
                    }

                    break;
                case ',' when level == 1:
                    commas.Add(i);
                    break;
            }
        }

        if (close < 0)
        {
            yield return pattern;
            yield break;
        }

        var prefix = pattern[..open];
        var suffix = pattern[(close + 1)..];
        var bounds = new List<int> { open };
        bounds.AddRange(commas);
        bounds.Add(close);
        var count = 0;
        for (var k = 0; k + 1 < bounds.Count; k++)
        {
            var part = pattern[(bounds[k] + 1)..bounds[k + 1]];
            foreach (var expanded in ExpandBraces(prefix + part + suffix, depth + 1))
            {
                if (++count > MaxAlternatives)
                {
                    yield break;
                }

                yield return expanded;
            }
        }
    }

    private static void Match(string fullPattern, List<string> matches)
    {
        var segments = fullPattern.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var current = new List<string> { "/" };
        for (var s = 0; s < segments.Length; s++)
        {
            var segment = segments[s];
            var last = s == segments.Length - 1;
            var next = new List<string>();
            foreach (var dir in current)
            {
                if (!HasWildcards(segment))
                {
                    next.Add(Path.Combine(dir, segment));
                    continue;
                }

                if (!Directory.Exists(dir))
                {
                    continue;
                }

                var regex = ToRegex(segment);
                foreach (var entry in Directory.EnumerateFileSystemEntries(dir))
                {
                    var name = Path.GetFileName(entry);
                    if (name.StartsWith('.') && !segment.StartsWith('.'))
                    {
                        continue;
                    }

                    if (regex.IsMatch(name) && (last || Directory.Exists(entry)))
                    {
                        next.Add(entry);
                    }
                }
            }

            current = next;
        }

        foreach (var path in current)
        {
            if (File.Exists(path))
            {
                matches.Add(path);
            }
        }
    }

    private static Regex ToRegex(string segment)
    {
        var sb = new StringBuilder("^");
        for (var i = 0; i < segment.Length; i++)
        {
            var c = segment[i];
            switch (c)
            {
                case '*':
                    sb.Append("[^/]*");
                    break;
                case '?':
                    sb.Append("[^/]");
                    break;
                case '[':
                    var end = segment.IndexOf(']', i + 2);
                    if (end < 0)
                    {
                        sb.Append(@"\[");
                        break;
                    }

                    var set = segment[(i + 1)..end];
                    var negate = set.StartsWith('!') || set.StartsWith('^');
                    if (negate)
                    {
                        set = set[1..];
                    }

                    sb.Append('[').Append(negate ? "^" : "").Append(set.Replace(@"\", @"\\", StringComparison.Ordinal)).Append(']');
                    i = end;
                    break;
                default:
                    sb.Append(Regex.Escape(c.ToString()));
                    break;
            }
        }

        return new Regex(sb.Append('$').ToString(), RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }
}
