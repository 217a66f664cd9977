using NUnit.Framework;

namespace HaAppliance.Tests.Support;

/// <summary>
/// The one gate for tests that need something the machine may lack (root, a tool such as keepalived or
/// tcpdump): without it the test is skipped with the reason, except under <c>CI=true</c>, where a skip would
/// hide a failure, so the test fails instead.
/// </summary>
public static class Requires
{
    /// <summary>Folders searched after <c>PATH</c>: tools such as <c>ip</c> and <c>keepalived</c> live in sbin.</summary>
    private static readonly string[] SystemFolders = ["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"];

    /// <summary>True when the environment says this is CI (<c>CI=true</c>): missing prerequisites fail there.</summary>
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Needs Linux and an effective user id of 0.</summary>
    /// <param name="why">What needs root, e.g. "creating a network namespace".</param>
    public static void Root(string why)
    {
        That(OperatingSystem.IsLinux(), $"needs Linux ({why})");
        That(Environment.IsPrivilegedProcess, $"needs root ({why})");
    }

    /// <summary>Needs an executable; returns its full path.</summary>
    /// <param name="name">The executable's name, e.g. <c>keepalived</c>.</param>
    /// <param name="why">What it is needed for; say which package has it.</param>
    /// <param name="requiredOnCi">
    /// False for a tool CI does not install (test.sh installs ip, keepalived, tshark, tcpdump, ping): its absence
    /// skips the test under CI too.
    /// </param>
    public static string Tool(string name, string why, bool requiredOnCi = true)
    {
        var path = Which(name);
        That(path is not null, $"needs {name}, which is not installed ({why})", requiredOnCi);
        return path!;
    }

    /// <summary>Root and the ip command: what tests that build network namespaces need.</summary>
    /// <param name="why">What the namespaces are for.</param>
    public static void NetworkNamespaces(string why)
    {
        Root(why);
        Tool("ip", why);
    }

    /// <summary>The general gate: when <paramref name="condition"/> is false, skip (or fail under CI) with <paramref name="reason"/>.</summary>
    public static void That(bool condition, string reason, bool requiredOnCi = true)
    {
        if (condition)
        {
            return;
        }

        if (IsCi && requiredOnCi)
        {
            Assert.Fail($"{reason}; CI=true forbids skipping");
        }

        Assert.Ignore(reason);
    }

    /// <summary>The full path of an executable found on <c>PATH</c> or in the usual system folders, or null.</summary>
    public static string? Which(string name)
    {
        if (name.Contains('/', StringComparison.Ordinal))
        {
            return IsExecutable(name) ? name : null;
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        return path.Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(SystemFolders)
            .Select(folder => Path.Combine(folder, name))
            .FirstOrDefault(IsExecutable);
    }

    private static bool IsExecutable(string file) =>
        File.Exists(file)
        && (OperatingSystem.IsWindows() || (File.GetUnixFileMode(file) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0);
}
