using System.CommandLine;
using HaAppliance.Kernel;

namespace HaAppliance.Cli;

/// <summary>
/// <c>haapp status</c> and <c>haapp reload</c>: talk to a running daemon through its control socket: <c>--control-socket</c>,
/// else the <c>control_socket</c> of the configuration given with <c>-c</c>, else <c>/run/haapp/haapp.sock</c>.
/// </summary>
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
        var socket = new Option<string?>("--control-socket") { Description = $"The daemon's control socket. Default: the -c configuration's control_socket, else {new HaAppliance.Config.GlobalConfig().ControlSocket}." };
        var config = new Option<string?>("--config", "-c") { Description = "The daemon's configuration: its control_socket is used." };
        var command = new Command(name, description) { socket, config };
        foreach (var option in options)
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancellation) =>
        {
            var path = parse.GetValue(socket);
            if (path is null)
            {
                var global = parse.GetValue(config) is { } file ? DaemonConfig.ReadGlobals(name, file, parse.InvocationConfiguration.Error) : new HaAppliance.Config.GlobalConfig();
                if (global is null)
                {
                    return 1;
                }

                path = global.ControlSocket;
            }

            try
            {
                var answer = await ControlClient.SendAsync(path, request(parse), cancellation);
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
