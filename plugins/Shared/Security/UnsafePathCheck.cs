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

    /// <summary>True when the current process runs as root (then the check applies).</summary>
    public static bool RunningAsRoot => Environment.IsPrivilegedProcess;

    /// <summary>
    /// Returns why <paramref name="path"/> is unsafe (naming the offending path and the reason), or null when
    /// the file and each parent folder are owned by root and not group- or other-writable.
    /// </summary>
    /// <remarks>
    /// A world-writable folder with the sticky bit (such as <c>/tmp</c>) is accepted as a parent: others
    /// may create entries there but cannot rename or remove root's, which is the property that matters.
    /// A group-writable path is accepted only when its group is root's (gid 0), as keepalived does.
    /// </remarks>
    public static string? FindProblem(string path)
    {
        string full = Path.GetFullPath(path);
        var info = new FileInfo(full);
        if (info.LinkTarget is not null && info.ResolveLinkTarget(returnFinalTarget: true) is { } target)
        {
            full = target.FullName;
        }

        for (string? current = full; current is not null; current = Path.GetDirectoryName(current))
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
        }

        return null;
    }
}
