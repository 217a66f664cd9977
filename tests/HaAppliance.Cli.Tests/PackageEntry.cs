namespace HaAppliance.Cli.Tests;

/// <summary>One line of <c>dpkg-deb -c</c>: <c>-rw-r--r-- root/root 2746 2026-11-25 20:33 ./etc/haapp/haapp.yaml</c>.</summary>
internal sealed record PackageEntry(string Mode, string Owner, string Path)
{
    public bool IsDirectory => Mode.StartsWith('d');

    public bool IsExecutable => Mode.Length >= 4 && Mode[3] == 'x';

    public bool IsSymlink => Mode.StartsWith('l');

    /// <summary>Group- or other-writable: the plugin loader refuses such files and folders when running as root. A symlink's own mode is always rwxrwxrwx and means nothing.</summary>
    public bool IsGroupOrOtherWritable => !IsSymlink && Mode.Length >= 9 && (Mode[5] == 'w' || Mode[8] == 'w');

    public static PackageEntry Parse(string line)
    {
        // Six fields; the path is the rest (symlinks add " -> target").
        var parts = line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 6)
        {
            throw new FormatException($"unexpected dpkg-deb -c line: '{line}'");
        }

        var path = parts[5];
        var arrow = path.IndexOf(" -> ", StringComparison.Ordinal);
        if (arrow >= 0)
        {
            path = path[..arrow];
        }

        // "./usr/bin/haapp" -> "/usr/bin/haapp"; "./" -> "/".
        return new PackageEntry(parts[0], parts[1], path.TrimStart('.').TrimEnd('/') is { Length: > 0 } p ? p : "/");
    }
}
