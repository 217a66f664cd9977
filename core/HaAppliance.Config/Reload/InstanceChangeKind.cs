namespace HaAppliance.Config.Reload;

/// <summary>What a reload does to one instance.</summary>
public enum InstanceChangeKind
{
    /// <summary>Nothing that the instance uses changed: it keeps running untouched.</summary>
    Unchanged,

    /// <summary>Settings changed that a running router can take without leaving its state.</summary>
    UpdateInPlace,

    /// <summary>The router's identity changed (VRID, interface, version, family): stop it, start a new one.</summary>
    Restart,

    Added,

    Removed,
}
