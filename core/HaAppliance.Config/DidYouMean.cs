namespace HaAppliance.Config;

/// <summary>Suggests the closest known name for a misspelt one (Levenshtein distance).</summary>
public static class DidYouMean
{
    /// <summary>The closest candidate within a distance that still looks like a typo, or null.</summary>
    public static string? Suggest(string value, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        var list = candidates as IReadOnlyCollection<string> ?? candidates.ToList();
        // A truncated name ("advert" for "advert_int") is a typo too, however many letters are missing.
        if (value.Length >= 3 && list.Where(c => c.StartsWith(value, StringComparison.OrdinalIgnoreCase)).ToList() is [var only])
        {
            return only;
        }

        foreach (var c in list)
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
