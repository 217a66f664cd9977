using System.Collections.Concurrent;

namespace HaAppliance.Plugins.Shared.Security;

/// <summary>
/// Names of the environment variables that hold secrets (an email notifier's <c>password_env</c>, a webhook's
/// <c>secret_env</c>). The notifiers register the names they read; everything that starts a script (notify scripts,
/// <c>script</c> checks) removes them from the child's environment, so a script cannot read the daemon's secrets.
/// One process-wide list: the host shares this assembly with every plugin load context.
/// </summary>
public static class SecretEnvironment
{
    private static readonly ConcurrentDictionary<string, byte> Registered = new(StringComparer.Ordinal);

    /// <summary>The names registered so far.</summary>
    public static IReadOnlyCollection<string> Names => [.. Registered.Keys];

    /// <summary>Marks <paramref name="name"/> as a variable no script may inherit; null or empty is ignored.</summary>
    public static void Register(string? name)
    {
        if (!string.IsNullOrEmpty(name))
        {
            Registered.TryAdd(name, 0);
        }
    }

    /// <summary>Removes every registered variable from a child's <paramref name="environment"/> (a ProcessStartInfo's).</summary>
    public static void RemoveFrom(IDictionary<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        foreach (var name in Registered.Keys)
        {
            environment.Remove(name);
        }
    }
}
