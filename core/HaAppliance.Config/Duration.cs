using System.Globalization;

namespace HaAppliance.Config;

/// <summary>
/// Durations as operators write them: <c>1s</c>, <c>500ms</c>, <c>1.5s</c>, <c>2m</c>, <c>1h</c>;
/// a plain number is seconds, as in keepalived (<c>advert_int 1</c>, <c>advert_int 0.5</c>).
/// </summary>
public static class Duration
{
    public const string Allowed = "a number of seconds or a number with a unit: ms, s, m, h (e.g. 1s, 500ms, 1.5s)";

    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var s = text.Trim();
        double scale = 1;
        if (s.EndsWith("ms", StringComparison.OrdinalIgnoreCase))
        {
            scale = 0.001;
            s = s[..^2];
        }
        else if (s.EndsWith('s') || s.EndsWith('S'))
        {
            s = s[..^1];
        }
        else if (s.EndsWith('m') || s.EndsWith('M'))
        {
            scale = 60;
            s = s[..^1];
        }
        else if (s.EndsWith('h') || s.EndsWith('H'))
        {
            scale = 3600;
            s = s[..^1];
        }

        if (!double.TryParse(s.Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n)
            || double.IsNaN(n) || double.IsInfinity(n))
        {
            return false;
        }

        var seconds = n * scale;
        // TimeSpan tops out near 29 000 years; anything near it is a typo, not a duration.
        if (seconds > 365.0 * 24 * 3600 * 100)
        {
            return false;
        }

        value = TimeSpan.FromTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond));
        return true;
    }

    /// <summary>The shortest of <c>3s</c>, <c>1500ms</c>, <c>0.0001s</c> that reads back to the same value.</summary>
    public static string Format(TimeSpan value)
    {
        if (value.Ticks % TimeSpan.TicksPerSecond == 0)
        {
            return (value.Ticks / TimeSpan.TicksPerSecond).ToString(CultureInfo.InvariantCulture) + "s";
        }

        if (value.Ticks % TimeSpan.TicksPerMillisecond == 0)
        {
            return (value.Ticks / TimeSpan.TicksPerMillisecond).ToString(CultureInfo.InvariantCulture) + "ms";
        }

        return ((decimal)value.Ticks / TimeSpan.TicksPerSecond).ToString(CultureInfo.InvariantCulture) + "s";
    }
}
