using HaAppliance.Config.Validation;

namespace HaAppliance.Hosting.Plugins;

/// <summary>
/// Binds the settings of every plugin item <c>haapp run</c> will create onto its plugin's options class, without
/// creating anything (a factory may have side effects): the checks the instances track (track_script, track_file),
/// every notifier (with keepalived's smtp_alert one), and each VIP backend type in use. <c>haapp check</c> and
/// <c>haapp run</c> both call it, so a key that matches no property or a value that does not convert is reported the
/// same way by both: every one of them, one <c>FILE:LINE:COL</c> line each, with the known settings; an options class's
/// own <c>Validate()</c> runs too.
/// </summary>
public static class PluginSettingsCheck
{
    /// <summary>The binding errors; an unknown type is left to the validator.</summary>
    public static IReadOnlyList<ConfigDiagnostic> Bind(PluginCatalog catalog, HaConfig config)
    {
        var errors = new List<ConfigDiagnostic>();
        void Bind(PluginKind kind, string kindName, string name, string type, PluginSettings settings, SourceLocation where)
        {
            if (catalog.Find(kind, type) is not { } registration)
            {
                return;
            }

            try
            {
                var options = PluginOptionsBinder.Bind(registration.OptionsType, settings, $"{kindName} '{name}' (type {registration.Type})", where);
                // An options class's own Validate() (email, webhook) has no side effects: what it refuses, start would too.
                options.GetType().GetMethod("Validate", Type.EmptyTypes)?.Invoke(options, null);
            }
            catch (PluginConfigurationException e)
            {
                errors.Add(e.Diagnostic);
            }
            catch (System.Reflection.TargetInvocationException e) when (e.InnerException is ArgumentException invalid)
            {
                errors.Add(ConfigDiagnostic.Error(where, $"{kindName} '{name}' (type {type}): {invalid.Message}"));
            }
        }

        foreach (var check in InstanceSpecBuilder.UsedChecks(config))
        {
            Bind(PluginKind.HealthCheck, "health check", check.Name, check.Type, check.Settings, check.Location);
        }

        foreach (var notifier in NotificationSink.NotifierConfigs(config, catalog).Values)
        {
            Bind(PluginKind.Notifier, "notifier", notifier.Name, notifier.Type, notifier.Settings, notifier.Location);
        }

        foreach (var (type, where) in config.Instances
                     .Select(i => (Type: i.VipBackend ?? config.Global.VipBackend, Where: i.VipBackend is null ? config.Global.Where("vip_backend") : i.Where("vip_backend")))
                     .DistinctBy(b => b.Type, StringComparer.OrdinalIgnoreCase))
        {
            Bind(PluginKind.VipBackend, "VIP backend", type, type, new PluginSettings(), where);
        }

        return errors;
    }
}
