using System.Globalization;

namespace HaAppliance.Plugins.Script;

/// <summary>Resolves user and group names to ids from /etc/passwd and /etc/group (numbers pass through).</summary>
internal static class AccountLookup
{
    public static (uint Uid, uint Gid) User(string user)
    {
        foreach (var fields in Entries("/etc/passwd"))
        {
            if (fields.Length > 3 && (fields[0] == user || fields[2] == user))
            {
                return (uint.Parse(fields[2], CultureInfo.InvariantCulture), uint.Parse(fields[3], CultureInfo.InvariantCulture));
            }
        }

        throw new ArgumentException($"unknown user '{user}'");
    }

    public static uint Group(string group)
    {
        if (uint.TryParse(group, NumberStyles.None, CultureInfo.InvariantCulture, out uint gid))
        {
            return gid;
        }

        foreach (var fields in Entries("/etc/group"))
        {
            if (fields.Length > 2 && fields[0] == group)
            {
                return uint.Parse(fields[2], CultureInfo.InvariantCulture);
            }
        }

        throw new ArgumentException($"unknown group '{group}'");
    }

    private static IEnumerable<string[]> Entries(string file) =>
        File.Exists(file) ? File.ReadLines(file).Where(l => !l.StartsWith('#')).Select(l => l.Split(':')) : [];
}
