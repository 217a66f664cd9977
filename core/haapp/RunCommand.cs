using System.CommandLine;
using System.Runtime.InteropServices;
using HaAppliance.Kernel;
using Microsoft.Extensions.Logging;

namespace HaAppliance.Cli;

/// <summary>
/// <c>haapp run [-c FILE]</c>: the daemon in the foreground; without <c>-c</c> it reads <see cref="DaemonConfig.Path"/>. SIGTERM/SIGINT send priority 0 and remove the VIPs
/// before exiting; SIGHUP (or <c>haapp reload</c>) re-reads the configuration without flapping.
/// </summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var config = new Option<string>("--config", "-c") { Description = $"Configuration: .yaml, keepalived.conf, or a .sbn template (with --site). Default: ${DaemonConfig.EnvironmentVariable}, else {DaemonConfig.DefaultPath}.", DefaultValueFactory = _ => DaemonConfig.Path };
        var site = new Option<string?>("--site") { Description = "Site values for a template: a file, or a name in etc/sites/." };
        var vars = new Option<string[]>("--var") { Description = "Override a site value: KEY=VALUE (repeatable)." };
        var stateDir = new Option<string?>("--state-dir") { Description = "State folder (outbox, journal); one per daemon. Default: the config's state_dir." };
        var control = new Option<string?>("--control-socket") { Description = "Control socket path; one per daemon. Default: the config's control_socket." };
        var plugins = new Option<string[]>("--plugin-dir") { Description = "Extra drop-in plugin folder (repeatable)." };
        var metrics = new Option<string?>("--metrics-listen") { Description = "Serve Prometheus /metrics on ADDR:PORT (127.0.0.1:9650, [::1]:9650, :9650). Default: the config's metrics_listen." };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Also log debug lines (dropped packets with their reason)." };
        var command = new Command("run", "Run the VRRP daemon in the foreground.") { config, site, vars, stateDir, control, plugins, metrics, verbose };
        command.SetAction(async (parse, cancellation) =>
        {
            if (!CheckCommand.TryParseVariables(parse.GetValue(vars), out var overrides, out var bad))
            {
                parse.InvocationConfiguration.Error.WriteLine($"haapp run: --var '{bad}' is not KEY=VALUE");
                return 2;
            }

            var listen = parse.GetValue(metrics);
            if (listen is not null && !HaAppliance.Config.ListenEndpoint.TryParse(listen, out _))
            {
                parse.InvocationConfiguration.Error.WriteLine($"haapp run: --metrics-listen '{listen}' is not ADDR:PORT");
                return 2;
            }

            if (parse.GetResult(config) is null or { Implicit: true } && !File.Exists(DaemonConfig.Path))
            {
                parse.InvocationConfiguration.Error.WriteLine($"haapp run: no configuration at {DaemonConfig.Path}; {DaemonConfig.HowToGiveOne}.");
                return 1;
            }

            var options = new DaemonOptions
            {
                ConfigPath = parse.GetValue(config)!,
                Site = parse.GetValue(site),
                Vars = overrides,
                StateDir = parse.GetValue(stateDir),
                ControlSocket = parse.GetValue(control),
                PluginFolders = parse.GetValue(plugins) ?? [],
                MetricsListen = listen,
            };
            using var loggers = CliLogging.Create(parse.GetValue(verbose) ? LogLevel.Debug : LogLevel.Information);
            return await RunAsync(options, loggers, parse.InvocationConfiguration.Error, cancellation);
        });
        return command;
    }

    internal static async Task<int> RunAsync(DaemonOptions options, ILoggerFactory loggers, TextWriter errors, CancellationToken cancellation)
    {
        // Registered before the daemon exists (loading plugins and configuration takes a while): a signal in between
        // is kept and handed on, never lost and never the default action (SIGHUP would end the process).
        var relay = new SignalRelay();
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, ctx => { ctx.Cancel = true; relay.Stop(); });
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, ctx => { ctx.Cancel = true; relay.Stop(); });
        using var hangup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, ctx => { ctx.Cancel = true; relay.Reload(); });
        await using var daemon = Daemon.Create(options, loggers, errors);
        if (daemon is null)
        {
            errors.WriteLine("haapp run: not started");
            return 1;
        }

        relay.Attach(daemon);
        return await daemon.RunAsync(cancellation);
    }
}
