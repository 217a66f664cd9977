using System.CommandLine;
using System.Reflection;

namespace HaAppliance.Cli;

/// <summary><c>haapp version</c>: the product version and the plugin SDK version this host provides.</summary>
internal static class VersionCommand
{
    public static Command Create()
    {
        var command = new Command("version", "Print the version and the plugin SDK version.");
        command.SetAction(parse =>
        {
            var v = typeof(Program).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "?";
            var output = parse.InvocationConfiguration.Output;
            output.WriteLine($"haapp {v}");
            output.WriteLine(PluginsCommand.HostSdkLine());
            return 0;
        });
        return command;
    }
}
