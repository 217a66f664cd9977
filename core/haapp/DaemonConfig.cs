using HaAppliance.Config;

namespace HaAppliance.Cli;

/// <summary>
/// The configuration file a command uses when not given <c>-c</c>: the one <c>haapp run</c> reads, <c>/etc/haapp/haapp.yaml</c>,
/// or the file named by <c>HAAPP_CONFIG</c> (the same override for every command). Also reads the paths that
/// <c>status</c>, <c>reload</c> and <c>events</c> need from a configuration.
/// </summary>
internal static class DaemonConfig
{
    /// <summary>The file read when neither <c>-c</c> nor <see cref="EnvironmentVariable"/> is given.</summary>
    public const string DefaultPath = "/etc/haapp/haapp.yaml";

    /// <summary>Environment variable naming the default configuration file of every command.</summary>
    public const string EnvironmentVariable = "HAAPP_CONFIG";

    /// <summary><see cref="EnvironmentVariable"/> when set and not empty, else <see cref="DefaultPath"/>.</summary>
    public static string Path => Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } path ? path : DefaultPath;

    /// <summary>How an operator names another file, for messages.</summary>
    public static string HowToGiveOne => $"give one with -c FILE, or set {EnvironmentVariable}=FILE";

    /// <summary>
    /// The global settings of <paramref name="path"/> (control socket, state folder), or null after printing why the file
    /// could not be read. Plugin type errors do not matter here: only the paths are used.
    /// </summary>
    public static GlobalConfig? ReadGlobals(string command, string path, TextWriter error)
    {
        var result = ConfigLoader.Load(path);
        if (result.Config is { } config)
        {
            return config.Global;
        }

        foreach (var d in result.Diagnostics)
        {
            error.WriteLine(d.ToString());
        }

        error.WriteLine($"haapp {command}: cannot read {path}");
        return null;
    }
}
