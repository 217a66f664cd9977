using System.Globalization;
using System.Net;
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
        var config = Node(node.Name, node.Priority, fastPreempt);
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
        return string.Create(CultureInfo.InvariantCulture, $"# {node.Name}: the embedded default config, adapted by haapp demo\n") + ConfigYamlWriter.Write(config);
    }

    /// <summary>
    /// The embedded default config as node <paramref name="name"/> runs it: its router id, its priority, and
    /// <c>state: MASTER</c> only on the higher priority node (lb1, as the file says), so both start as the daemon does.
    /// </summary>
    public static HaConfig Node(string name, int priority, bool fastPreempt)
    {
        var loaded = ConfigLoader.LoadYamlText(CheckCommand.DefaultConfigText(), CheckCommand.DefaultConfigName);
        var config = loaded.Config ?? throw new InvalidOperationException("the embedded default config is invalid: " + string.Join("; ", loaded.Errors));
        config.Global.RouterId = name;
        foreach (var instance in config.Instances)
        {
            instance.Priority = priority;
            instance.State = priority > 100 ? InitialState.Master : InitialState.Backup;
            instance.FastPreempt = fastPreempt;
        }

        return config;
    }

    /// <summary>
    /// The instance spec the daemon would build from <see cref="Node"/> on a host whose interfaces all carry
    /// <paramref name="address"/>: the router options (priority, <c>state: MASTER</c>, intervals) and the GARP schedule
    /// come through <see cref="InstanceSpecBuilder"/>, as <c>haapp run</c> builds them.
    /// </summary>
    public static InstanceSpec Spec(string name, string address, int priority, bool fastPreempt)
    {
        var (specs, errors) = InstanceSpecBuilder.Build(Node(name, priority, fastPreempt), new SimulatedInterfaces(IPAddress.Parse(address)));
        return errors.Count == 0 ? specs.Single() : throw new InvalidOperationException(string.Join("; ", errors));
    }

    private sealed class SimulatedInterfaces(IPAddress address) : IInterfaceResolver
    {
        public bool TryResolve(string name, HaAppliance.Vrrp.IpFamily family, out int ifIndex, out IPAddress? primary)
        {
            ifIndex = 2;
            primary = address;
            return true;
        }
    }
}
