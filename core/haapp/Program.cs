using System.CommandLine;

namespace HaAppliance.Cli;

internal static class Program
{
    public static int Main(string[] args)
    {
        var root = new RootCommand("HaAppliance: VRRP high availability with plugin health checks, notifiers and VIP backends.");
        foreach (var command in Commands.All())
        {
            root.Subcommands.Add(command);
        }

        return root.Parse(args).Invoke();
    }
}
