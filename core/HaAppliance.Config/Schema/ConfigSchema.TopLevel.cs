using HaAppliance.Config.Yaml;
using K = HaAppliance.Config.Schema.KeyFactory<HaAppliance.Config.HaConfig>;

namespace HaAppliance.Config.Schema;

public static partial class ConfigSchema
{
    /// <summary>The document's root mapping: its values are the other sections.</summary>
    public static ConfigSection<HaConfig> TopLevel { get; } = new(
        "top_level",
        K.Custom("global", "–", "node-wide settings (keepalived's `global_defs`)",
            (r, k, v, c) => r.ReadGlobal(v, c.Global),
            WriteGlobal),
        K.StringList("plugin_folders", c => c.PluginFolders, "extra drop-in plugin folders, searched after the built-in `plugins/`"),
        K.Custom("checks", "–", "`NAME: {...}`: health checks (keepalived's `vrrp_script`, and more)",
            (r, k, v, c) => r.ReadNamed(v, k, c.Checks, r.ReadCheck),
            (w, k, c) => WriteNamed(w, k, c.Checks, x => x.Name, WriteCheck)),
        K.Custom("notifiers", "–", "`NAME: {...}`: email, webhook, ... receivers of state changes",
            (r, k, v, c) => r.ReadNamed(v, k, c.Notifiers, r.ReadNotifier),
            (w, k, c) => WriteNamed(w, k, c.Notifiers, x => x.Name, WriteNotifier)),
        K.Custom("instances", "–", "`NAME: {...}`: virtual routers (keepalived's `vrrp_instance`)",
            (r, k, v, c) => r.ReadNamed(v, k, c.Instances, r.ReadInstance),
            (w, k, c) => WriteNamed(w, k, c.Instances, x => x.Name, Instance.Write)),
        K.Custom("sync_groups", "–", "`NAME: {...}`: instances that change state together (keepalived's `vrrp_sync_group`)",
            (r, k, v, c) => r.ReadNamed(v, k, c.SyncGroups, r.ReadSyncGroup),
            (w, k, c) => WriteNamed(w, k, c.SyncGroups, x => x.Name, SyncGroup.Write)));

    private static void WriteGlobal(YamlSink w, string key, HaConfig config)
    {
        if (Global.HasValues(config.Global, w))
        {
            w.Key(key);
            w.Begin();
            Global.Write(w, config.Global);
            w.End();
        }
    }

    private static void WriteCheck(YamlSink w, CheckConfig check)
    {
        Check.Write(w, check);
        ConfigYamlWriter.WriteSettings(w, check.Settings);
    }

    private static void WriteNotifier(YamlSink w, NotifierConfig notifier)
    {
        Notifier.Write(w, notifier);
        ConfigYamlWriter.WriteSettings(w, notifier.Settings);
    }

    /// <summary>A section of named mappings (<c>instances: {VI_1: {...}}</c>); nothing when the list is empty.</summary>
    private static void WriteNamed<T>(YamlSink w, string key, List<T> items, Func<T, string> name, Action<YamlSink, T> body)
    {
        if (items.Count == 0)
        {
            return;
        }

        w.Key(key);
        w.Begin();
        foreach (var item in items)
        {
            w.Key(name(item));
            w.Begin();
            body(w, item);
            w.End();
        }

        w.End();
    }
}
