namespace HaAppliance.Plugins.Shared.Security;

/// <summary>
/// keepalived's <c>enable_script_security</c> rule, applied to plugin files and scripts: code that a root
/// daemon runs must not be replaceable by a non-root user, so the file and every folder above it must be
/// owned by root and writable by no one else.
/// </summary>
public static class UnsafePathCheck
{
    private const uint GroupWrite = 0x10; // S_IWGRP
    private const uint OtherWrite = 0x02; // S_IWOTH
    private const uint Sticky = 0x200;    // S_ISVTX
    private const uint DirectoryType = 0x4000;
    private const uint TypeMask = 0xF000;
    private const int MaxLinks = 40; // Linux's MAXSYMLINKS

    /// <summary>True when the current process runs as root (then the check applies).</summary>
    public static bool RunningAsRoot => Environment.IsPrivilegedProcess;

    /// <summary>
    /// Returns why <paramref name="path"/> is unsafe (naming the offending path and the reason), or null when
    /// the file and each parent folder are owned by root and not group- or other-writable.
    /// </summary>
    /// <remarks>
    /// Symbolic links are resolved before the components behind them are checked: a link (the file itself, or a folder
    /// on the way) is followed, and its target and every folder above the target must pass too, hop by hop, so a
    /// root-owned link to a file, or into a folder, that a user can change is refused.
    /// A world-writable folder with the sticky bit (such as <c>/tmp</c>) is accepted as a parent: others
    /// may create entries there but cannot rename or remove root's, which is the property that matters.
    /// A group-writable path is accepted only when its group is root's (gid 0), as keepalived does.
    /// </remarks>
    public static string? FindProblem(string path) => Walk(path, 0);

    // Checks each component from the root down. A component that is a symbolic link is not judged by the link (only its
    // folder, already checked, decides who can replace it) but by where it leads: the target is walked the same way
    // (its folders, further links), and the walk goes on from the target's real path.
    private static string? Walk(string path, int depth)
    {
        if (depth > MaxLinks)
        {
            return $"{path}: more than {MaxLinks} symbolic links";
        }

        string current = "/";
        if (Problem(current) is { } rootProblem)
        {
            return rootProblem;
        }

        foreach (string name in Path.GetFullPath(path).Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            string next = Path.Combine(current, name);
            if (new FileInfo(next).LinkTarget is { } target)
            {
                string resolved = Path.GetFullPath(target, current);
                if (Walk(resolved, depth + 1) is { } problem)
                {
                    return $"{problem} (through the symbolic link {next})";
                }

                current = Interop.RealPath(resolved);
            }
            else
            {
                current = next;
                if (Problem(current) is { } problem)
                {
                    return problem;
                }
            }
        }

        return null;
    }

    private static string? Problem(string current)
    {
        var (uid, gid, mode) = Interop.Statx(current);
        bool isDirectory = (mode & TypeMask) == DirectoryType;
        if (uid != 0)
        {
            return $"{current} is owned by uid {uid}, not root";
        }

        if ((mode & GroupWrite) != 0 && gid != 0)
        {
            return $"{current} is writable by group {gid} (mode {Convert.ToString(mode & 0xFFF, 8)})";
        }

        if ((mode & OtherWrite) != 0 && !(isDirectory && (mode & Sticky) != 0))
        {
            return $"{current} is writable by others (mode {Convert.ToString(mode & 0xFFF, 8)})";
        }

        return null;
    }
}
