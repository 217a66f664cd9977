using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace HaAppliance.Config.Keepalived;

/// <summary>Value parsing: every bad value is an error naming the keyword, the value and what is allowed.</summary>
internal sealed partial class KeepalivedMapper
{
    private int? Int(KeepalivedStatement s, int index, long min, long max, string? keyword = null)
    {
        keyword ??= s.Name;
        var token = s.Args[index];
        if (!long.TryParse(token.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            Error(token.Location, $"{keyword} '{token.Text}' is not a whole number (allowed: {min}–{max})");
            return null;
        }

        if (value < min || value > max)
        {
            Error(token.Location, $"{keyword} '{token.Text}' is out of range (allowed: {min}–{max})");
            return null;
        }

        return (int)value;
    }

    /// <summary>Seconds, with a fraction where keepalived allows one (<c>0.5</c>).</summary>
    private TimeSpan? Seconds(KeepalivedStatement s, int index, decimal min, decimal max, bool fraction = true, string? keyword = null)
    {
        keyword ??= s.Name;
        var token = s.Args[index];
        var styles = fraction ? NumberStyles.AllowDecimalPoint : NumberStyles.None;
        if (!decimal.TryParse(token.Text, styles, CultureInfo.InvariantCulture, out var value))
        {
            Error(token.Location, $"{keyword} '{token.Text}' is not {(fraction ? "a number of seconds" : "a whole number of seconds")} (allowed: {min}–{max})");
            return null;
        }

        if (value < min || value > max)
        {
            Error(token.Location, $"{keyword} '{token.Text}' is out of range (allowed: {min}–{max} seconds)");
            return null;
        }

        // Microseconds are keepalived's timer resolution.
        return TimeSpan.FromTicks((long)decimal.Round(value * TimeSpan.TicksPerSecond / 10) * 10);
    }

    private IPAddress? Address(KeepalivedToken token, string keyword, AddressFamily? family = null)
    {
        if (!TryAddress(token.Text, out var address))
        {
            Error(token.Location, $"{keyword} '{token.Text}' is not an IPv4 or IPv6 address");
            return null;
        }

        if (family is { } f && address.AddressFamily != f)
        {
            Error(token.Location, $"{keyword} '{token.Text}' must be an {(f == AddressFamily.InterNetwork ? "IPv4" : "IPv6")} address");
            return null;
        }

        return address;
    }

    /// <summary>A plain dotted-quad or IPv6 literal; .NET's looser forms ("1", "1.2") are not addresses in keepalived.</summary>
    private static bool TryAddress(string text, out IPAddress address)
    {
        address = IPAddress.None;
        if (text.Contains(':', StringComparison.Ordinal))
        {
            if (text.Contains('%', StringComparison.Ordinal) || !IPAddress.TryParse(text, out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6)
            {
                return false;
            }

            address = v6;
            return true;
        }

        var parts = text.Split('.');
        if (parts.Length != 4 || parts.Any(p => p.Length is 0 or > 3 || !p.All(char.IsAsciiDigit) || int.Parse(p, CultureInfo.InvariantCulture) > 255))
        {
            return false;
        }

        address = IPAddress.Parse(text);
        return true;
    }

    private bool? Bool(KeepalivedStatement s, int index)
    {
        if (s.Args.Count <= index)
        {
            return true;
        }

        var token = s.Args[index];
        switch (token.Text.ToLowerInvariant())
        {
            case "true" or "yes" or "on" or "1":
                return true;
            case "false" or "no" or "off" or "0":
                return false;
            default:
                Error(token.Location, $"{s.Name} '{token.Text}' is not a boolean (allowed: true, false, yes, no, on, off)");
                return null;
        }
    }

    /// <summary>An interface name as Linux allows it (IFNAMSIZ 16 with the NUL, no '/', no blanks).</summary>
    private bool InterfaceName(KeepalivedToken token, string keyword)
    {
        if (token.Text.Length is 0 or > 15 || token.Text.Contains('/', StringComparison.Ordinal) || token.Text.Any(char.IsWhiteSpace) || token.Text is "." or "..")
        {
            Error(token.Location, $"{keyword} '{token.Text}' is not a valid interface name (1–15 characters, no '/' or blanks)");
            return false;
        }

        return true;
    }

    /// <summary><c>weight N [reverse]</c> after a tracked name: returns false on a bad value.</summary>
    private bool TrackWeight(KeepalivedStatement s, int from, long min, long max, TrackRef target, string context)
    {
        var i = from;
        while (i < s.Args.Count)
        {
            var word = s.Args[i];
            if (word.Text == "weight")
            {
                if (i + 1 >= s.Args.Count)
                {
                    Error(word.Location, $"{context}: 'weight' needs a value ({min}–{max})");
                    return false;
                }

                var w = Int(s, i + 1, min, max, $"{context} weight");
                if (w is null)
                {
                    return false;
                }

                target.Weight = w;
                At(target, "weight", s.Args[i + 1].Location);
                i += 2;
                if (i < s.Args.Count && s.Args[i].Text == "reverse")
                {
                    target.Reverse = true;
                    At(target, "reverse", s.Args[i].Location);
                    i++;
                }

                continue;
            }

            Error(word.Location, $"{context}: unexpected '{word.Text}' (allowed: weight N [reverse])");
            return false;
        }

        return true;
    }

    /// <summary>
    /// The command of a script keyword and the words after it. keepalived re-reads script lines with single
    /// quotes as well as double quotes (<c>alloc_strvec_quoted</c>), so <c>'/bin/x arg'</c> is one command too.
    /// </summary>
    private static (string Command, SourceLocation Where, List<KeepalivedToken> Others) ScriptWords(KeepalivedStatement s)
    {
        var first = s.Args[0];
        if (first.Quoted || !first.Text.StartsWith('\''))
        {
            return (first.Text, first.Location, s.Args.Skip(1).ToList());
        }

        for (var end = 0; end < s.Args.Count; end++)
        {
            var text = s.Args[end].Text;
            if ((end > 0 || text.Length > 1) && text.EndsWith('\'') && !s.Args[end].Quoted)
            {
                var joined = string.Join(' ', s.Args.Take(end + 1).Select(a => a.Text));
                return (joined[1..^1], first.Location, s.Args.Skip(end + 1).ToList());
            }
        }

        return (first.Text, first.Location, s.Args.Skip(1).ToList());
    }
}
