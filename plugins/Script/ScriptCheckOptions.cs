namespace HaAppliance.Plugins.Script;

/// <summary>Settings of a <c>script</c> check (keepalived's vrrp_script).</summary>
public sealed class ScriptCheckOptions
{
    /// <summary>
    /// The command line. Without <see cref="Shell"/> it is split into words (single and double quotes group,
    /// backslash escapes) and run directly; with it, it is passed to <c>/bin/sh -c</c>.
    /// </summary>
    public string Command { get; set; } = "";

    /// <summary>Extra arguments appended after the command's own words (never shell-interpreted).</summary>
    public List<string> Arguments { get; set; } = [];

    /// <summary>Run through <c>/bin/sh -c</c> (pipes, globbing); off by default.</summary>
    public bool Shell { get; set; }

    /// <summary>User to run as (name or uid); needs root. keepalived's script_user.</summary>
    public string? User { get; set; }

    /// <summary>Group to run as (name or gid); defaults to the user's primary group.</summary>
    public string? Group { get; set; }

    /// <summary>
    /// Refuse a script that a non-root user can write (keepalived's enable_script_security). Null (default):
    /// enforced when the daemon runs as root.
    /// </summary>
    public bool? Secure { get; set; }

    /// <summary>How much of the script's combined output to keep for the log, in bytes (default 4 KiB).</summary>
    public int OutputLimit { get; set; } = 4096;
}
