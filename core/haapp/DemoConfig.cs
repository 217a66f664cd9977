using System.Globalization;
using HaAppliance.Config;
using HaAppliance.Config.Yaml;

namespace HaAppliance.Cli;

/// <summary>
/// The demo's node configs: the embedded default config (etc/haapp.yaml, node lb1) adapted per node —
/// its router id and priority, and chk_nginx replaced by a check on a file the demo removes to fail it.
/// </summary>
internal static class DemoConfig
{
    public static string For(DemoNode node, bool fastPreempt)
    {
        var loaded = ConfigLoader.LoadYamlText(CheckCommand.DefaultConfigText(), CheckCommand.DefaultConfigName);
        var config = loaded.Config ?? throw new InvalidOperationException("the embedded default config is invalid: " + string.Join("; ", loaded.Errors));
        config.Global.RouterId = node.Name;
        config.Global.StateDir = node.StateDir;
        config.Global.ControlSocket = Path.Combine(node.StateDir, "haapp.sock");
        // A second GARP burst 5 s later (keepalived's default) is right in production; the demo is short.
        config.Global.Garp.MasterDelay = TimeSpan.FromSeconds(1);
        var check = config.Checks.Single(c => c.Name == "chk_nginx");
        check.Settings.Values.Clear();
        check.Settings.Set("command", $"/usr/bin/test -e {node.HealthFile}", check.Location);
        check.Interval = TimeSpan.FromMilliseconds(500);
        check.Rise = 1;
        check.Fall = 1;
        foreach (var instance in config.Instances)
        {
            instance.Priority = node.Priority;
            instance.State = node.Priority > 100 ? InitialState.Master : InitialState.Backup;
            instance.FastPreempt = fastPreempt;
        }

        return string.Create(CultureInfo.InvariantCulture, $"# {node.Name}: the embedded default config, adapted by haapp demo\n") + ConfigYamlWriter.Write(config);
    }
}
