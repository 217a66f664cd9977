namespace HaAppliance.Config;

/// <summary>
/// Suggests the closest known name for a misspelt one, for the YAML reader, the validator and the
/// keepalived.conf reader alike. One rule: compared without regard to case, a name is suggested when
/// it is the only candidate that starts with the value (at least 3 characters: "advert" → "advert_int"),
/// or else when it is the closest candidate within one edit per three characters of the value, at least
/// one edit (<see cref="Distance"/>: "prority" → "priority", "lable" → "label", but not "foo" → "fall").
/// </summary>
public static class DidYouMean
{
    /// <summary>Values shorter than this are never completed by the prefix rule ("a" starts too many names).</summary>
    public const int MinPrefixLength = 3;

    /// <summary>The most edits a value of <paramref name="length"/> characters may be away from a suggestion.</summary>
    public static int MaxEdits(int length) => Math.Max(1, length / 3);

    /// <summary>The candidate the rule above picks, or null; ties go to the first candidate.</summary>
    public static string? Suggest(string value, IEnumerable<string> candidates)
    {
        var list = candidates as IReadOnlyCollection<string> ?? candidates.ToList();
        if (value.Length >= MinPrefixLength && list.Where(c => c.StartsWith(value, StringComparison.OrdinalIgnoreCase)).Distinct(StringComparer.Ordinal).ToList() is [var only])
        {
            return only;
        }

        string? best = null;
        var bestDistance = int.MaxValue;
        var lower = value.ToLowerInvariant();
        foreach (var c in list)
        {
            var d = Distance(lower, c.ToLowerInvariant());
            if (d < bestDistance)
            {
                best = c;
                bestDistance = d;
            }
        }

        return bestDistance <= MaxEdits(value.Length) ? best : null;
    }

    /// <summary><c>"; did you mean 'x'?"</c> or an empty string: for the native schema's messages.</summary>
    public static string Hint(string value, IEnumerable<string> candidates) =>
        Suggest(value, candidates) is { } s ? $"; did you mean '{s}'?" : "";

    /// <summary><c>" (did you mean 'x'?)"</c> or an empty string: for keepalived.conf messages, which end with it.</summary>
    public static string HintInParentheses(string value, IEnumerable<string> candidates) =>
        Suggest(value, candidates) is { } s ? $" (did you mean '{s}'?)" : "";

    /// <summary>Edit distance where swapping two neighbours ("lable") counts as one edit (optimal string alignment).</summary>
    public static int Distance(string a, string b)
    {
        if (a.Length > 256 || b.Length > 256)
        {
            return int.MaxValue;
        }

        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
