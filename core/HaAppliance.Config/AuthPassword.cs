using System.Text;

namespace HaAppliance.Config;

/// <summary>
/// The VRRPv2 simple-text password: the advert has 8 octets for it (RFC 2338 §5.3.10), and keepalived sends
/// the first 8 bytes of the UTF-8 text. The config layer truncates it once, so nothing downstream sees more.
/// Messages about it give its length, never its text.
/// </summary>
public static class AuthPassword
{
    public const int MaxBytes = 8;

    /// <summary>
    /// The longest prefix of <paramref name="password"/> that fits in <see cref="MaxBytes"/> UTF-8 bytes. A
    /// character cut by the 8-byte limit is dropped whole (<paramref name="splitCharacter"/>), since a string
    /// cannot hold half of it; keepalived would send its first bytes.
    /// </summary>
    public static string Truncate(string password, out bool splitCharacter)
    {
        splitCharacter = false;
        var bytes = 0;
        var i = 0;
        while (i < password.Length)
        {
            var width = char.IsSurrogatePair(password, i) ? 2 : 1;
            var size = Encoding.UTF8.GetByteCount(password.AsSpan(i, width));
            if (bytes + size > MaxBytes)
            {
                splitCharacter = bytes < MaxBytes;
                break;
            }

            bytes += size;
            i += width;
        }

        return password[..i];
    }

    /// <summary>True when <paramref name="password"/> is longer than the advert carries.</summary>
    public static bool IsTooLong(string? password) => password is not null && Encoding.UTF8.GetByteCount(password) > MaxBytes;

    /// <summary>The warning for a truncated password: its length and what is kept, not its text.</summary>
    public static string TruncatedMessage(string keyword, string password, bool splitCharacter)
    {
        var length = Encoding.UTF8.GetByteCount(password);
        var split = splitCharacter
            ? $"; the character across byte {MaxBytes} is dropped whole, so peers that send its first bytes (keepalived) will not match"
            : "";
        return $"'{keyword}' is {length} bytes; only the first {MaxBytes} are sent (RFC 2338 §5.3.10), as keepalived does{split}";
    }
}
