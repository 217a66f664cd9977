using System.CommandLine;
using HaAppliance.Kernel;

namespace HaAppliance.Cli;

/// <summary><c>haapp status</c> and <c>haapp reload</c>: talk to a running daemon through its control socket.</summary>
internal static class ControlCommands
{
    public static Command Status()
    {
        var json = new Option<bool>("--json") { Description = "Print the status as JSON (schema: docs/operations.md)." };
        return Create("status", "Show each instance's state, priority, counters and VIPs.", parse => parse.GetValue(json) ? "status json" : "status", json);
    }

    public static Command Reload() => Create("reload", "Re-read the configuration of a running daemon (like SIGHUP); errors are shown and the running one goes on.", _ => "reload");

    private static Command Create(string name, string description, Func<ParseResult, string> request, params Option[] options)
    {
        var socket = new Option<string>("--control-socket") { Description = "The daemon's control socket.", DefaultValueFactory = _ => "/run/haapp/haapp.sock" };
        var command = new Command(name, description) { socket };
        foreach (var option in options)
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancellation) =>
        {
            try
            {
                var answer = await ControlClient.SendAsync(parse.GetValue(socket)!, request(parse), cancellation);
                var lines = answer.TrimEnd('\n').Split('\n');
                var ok = lines[0] == "ok";
                var writer = ok ? parse.InvocationConfiguration.Output : parse.InvocationConfiguration.Error;
                foreach (var line in lines.Skip(1))
                {
                    writer.WriteLine(line);
                }

                return ok ? 0 : 1;
            }
            catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException)
            {
                parse.InvocationConfiguration.Error.WriteLine($"haapp {name}: {ex.Message}");
                return 1;
            }
        });
        return command;
    }
}
