namespace HaAppliance.Vrrp.Router;

/// <summary>What a tracker watches; part of its identity, so a check and an interface of the same name differ.</summary>
public enum TrackerKind
{
    /// <summary>A health check (keepalived's <c>track_script</c>, our <c>checks:</c>).</summary>
    Check,

    /// <summary>The carrier of the interface the instance runs VRRP on.</summary>
    Link,

    /// <summary>Another interface the instance tracks (keepalived's <c>track_interface</c>).</summary>
    Interface,

    /// <summary>The instance's sync group: a fault of another member holds this one in Fault too.</summary>
    SyncGroup,

    /// <summary>A file whose content is a weight or a state (keepalived's <c>track_file</c>).</summary>
    File,

    /// <summary>The instance's VIP backend: one that cannot be created holds the instance in Fault.</summary>
    VipBackend,
}

/// <summary>
/// Identifies one tracker of a router: its kind and its name (a check, an interface, a group).
/// <see cref="ToString"/> gives the <c>kind:name</c> form (<c>check:chk_nginx</c>) that log lines and the
/// journal's causes show.
/// </summary>
public readonly record struct TrackerId(TrackerKind Kind, string Name)
{
    public static TrackerId Check(string name) => new(TrackerKind.Check, name);

    public static TrackerId Link(string interfaceName) => new(TrackerKind.Link, interfaceName);

    public static TrackerId Interface(string interfaceName) => new(TrackerKind.Interface, interfaceName);

    public static TrackerId SyncGroup(string group) => new(TrackerKind.SyncGroup, group);

    public static TrackerId File(string path) => new(TrackerKind.File, path);

    public static TrackerId VipBackend(string type) => new(TrackerKind.VipBackend, type);

    /// <summary>The prefix of the text form: <c>check</c>, <c>link</c>, <c>interface</c>, <c>sync</c>, <c>file</c>.</summary>
    public string Prefix => Kind switch
    {
        TrackerKind.Check => "check",
        TrackerKind.Link => "link",
        TrackerKind.Interface => "interface",
        TrackerKind.SyncGroup => "sync",
        TrackerKind.File => "file",
        TrackerKind.VipBackend => "vip_backend",
        _ => Kind.ToString(),
    };

    public override string ToString() => $"{Prefix}:{Name}";
}
