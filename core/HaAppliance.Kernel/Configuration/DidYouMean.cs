namespace HaAppliance.Kernel.Configuration;

/// <summary>Suggests the closest known name for a misspelt one (Levenshtein distance).</summary>
public static class DidYouMean
{
    /// <summary>The closest candidate within a distance that still looks like a typo, or null.</summary>
    public static string? Suggest(string value, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var c in candidates)
        {
            var d = Distance(value.ToLowerInvariant(), c.ToLowerInvariant());
            if (d < bestDistance)
            {
                best = c;
                bestDistance = d;
            }
        }

        // One edit per three characters, at least one: "prority" → "priority", but not "foo" → "fall".
        var limit = Math.Max(1, value.Length / 3);
        return bestDistance <= limit ? best : null;
    }

    /// <summary>" did you mean 'x'?" or an empty string.</summary>
    public static string Hint(string value, IEnumerable<string> candidates) =>
        Suggest(value, candidates) is { } s ? $"; did you mean '{s}'?" : "";

    public static int Distance(string a, string b)
    {
        if (a.Length > 256 || b.Length > 256)
        {
            return int.MaxValue;
        }

        var prev = new int[b.Length + 1];
        var cur = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            prev[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                cur[j] = Math.Min(Math.Min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }

            (prev, cur) = (cur, prev);
        }

        return prev[b.Length];
    }
}
