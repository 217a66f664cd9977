using System.Globalization;
using System.Text;
using HaAppliance.Abstractions;

namespace HaAppliance.Notifications.Journal;

/// <summary>Formats journal records as the human timeline <c>haapp events</c> prints.</summary>
public static class TransitionTimeline
{
    /// <summary>
    /// One line per transition: <c>2026-11-25T19:43:32.123Z node (VI_1) BACKUP -> MASTER prio 101: cause</c>; an address list note
    /// reads <c>2026-11-25T19:43:32.123Z node (VI_1) address list differs from 192.0.2.1's: theirs …; ours …</c>.
    /// </summary>
    public static string FormatLine(TransitionRecord r)
    {
        var sb = new StringBuilder();
        sb.Append(r.Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        sb.Append(' ').Append(r.Node);
        sb.Append(" (").Append(r.Instance).Append(')');
        if (r.SyncGroup is not null)
        {
            sb.Append(" [group ").Append(r.SyncGroup).Append(']');
        }

        if (r.Kind == TransitionRecord.AddressListKind)
        {
            return sb.Append(' ').Append(r.Cause).ToString();
        }

        sb.Append(' ').Append(r.From.ToKeepalivedName()).Append(" -> ").Append(r.To.ToKeepalivedName());
        sb.Append(" prio ").Append(r.Priority.ToString(CultureInfo.InvariantCulture));
        if (!string.IsNullOrEmpty(r.Cause))
        {
            sb.Append(": ").Append(r.Cause);
        }

        return sb.ToString();
    }

    /// <summary>
    /// Parses <c>--since</c>: an ISO 8601 time (<c>2026-11-25T19:00Z</c>, local if no offset is given)
    /// or a span back from <paramref name="now"/>: <c>90s</c>, <c>15m</c>, <c>2h</c>, <c>7d</c>.
    /// </summary>
    public static bool TryParseSince(string text, DateTimeOffset now, out DateTimeOffset since)
    {
        since = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        text = text.Trim();
        var unit = text[^1];
        if (char.IsAsciiLetter(unit) && text.Length > 1
            && double.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.Float, CultureInfo.InvariantCulture, out var amount)
            && amount >= 0)
        {
            TimeSpan? span = unit switch
            {
                's' => TimeSpan.FromSeconds(amount),
                'm' => TimeSpan.FromMinutes(amount),
                'h' => TimeSpan.FromHours(amount),
                'd' => TimeSpan.FromDays(amount),
                _ => null,
            };
            if (span is { } s)
            {
                since = now - s;
                return true;
            }
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeLocal, out since);
    }
}
