using HaAppliance.Kernel.Tracking;

namespace HaAppliance.Kernel;

/// <summary>What a reload does to one instance.</summary>
public enum InstanceChangeKind
{
    /// <summary>Nothing the instance uses changed: it keeps running untouched.</summary>
    Unchanged,

    /// <summary>Settings a running router takes without leaving its state (RFC 9568 allows priority, timers, addresses).</summary>
    InPlace,

    /// <summary>What identifies the router on the wire changed: priority 0 is sent, then a new router starts.</summary>
    Restart,

    Added,

    Removed,
}

/// <summary>What a reload does to a named check or notifier.</summary>
public enum ItemChangeKind
{
    Unchanged,

    /// <summary>Its settings changed: the old one is stopped and a new one started.</summary>
    Changed,

    Added,

    Removed,
}

/// <summary>The plan for one instance, with the reasons in words an operator reads in the log.</summary>
public sealed record InstanceChange(string Name, InstanceChangeKind Kind, IReadOnlyList<string> Reasons)
{
    /// <summary>The running spec (null when added).</summary>
    public InstanceSpec? Old { get; init; }

    /// <summary>The spec to run (null when removed).</summary>
    public InstanceSpec? New { get; init; }

    public override string ToString() =>
        Reasons.Count == 0 ? $"{Name}: {Kind}" : $"{Name}: {Kind} ({string.Join("; ", Reasons)})";
}

/// <summary>The plan for one check or notifier.</summary>
public sealed record ItemChange(string Name, ItemChangeKind Kind);

/// <summary>
/// What one reload compares: the instances, the checks (with their settings fingerprints) and the notifiers
/// (name to settings fingerprint), as the Hosting layer built them from a configuration.
/// </summary>
public sealed record NodeSpec(
    IReadOnlyList<InstanceSpec> Instances,
    IReadOnlyList<TrackedCheck> Checks,
    IReadOnlyDictionary<string, string> Notifiers)
{
    /// <summary>Instances only (no checks or notifiers to compare).</summary>
    public static NodeSpec Of(IReadOnlyList<InstanceSpec> instances) => new(instances, [], new Dictionary<string, string>());
}

/// <summary>
/// The one reload plan (see <see cref="ReloadPlanner"/>): the engine applies its instance changes, the daemon
/// restarts the checks and rebuilds the notifiers it names. Nobody diffs again.
/// </summary>
public sealed record ReloadPlan(IReadOnlyList<InstanceChange> Instances, IReadOnlyList<ItemChange> Checks, IReadOnlyList<ItemChange> Notifiers)
{
    public InstanceChange? this[string instance] => Instances.FirstOrDefault(i => i.Name == instance);

    public ItemChange? Check(string name) => Checks.FirstOrDefault(c => c.Name == name);

    public ItemChange? Notifier(string name) => Notifiers.FirstOrDefault(n => n.Name == name);

    /// <summary>True when the reload changes nothing at all.</summary>
    public bool IsEmpty =>
        Instances.All(i => i.Kind == InstanceChangeKind.Unchanged)
        && Checks.All(c => c.Kind == ItemChangeKind.Unchanged)
        && Notifiers.All(n => n.Kind == ItemChangeKind.Unchanged);

    /// <summary>The instances to run after the reload, in the new configuration's order.</summary>
    public IReadOnlyList<InstanceSpec> Specs => Instances.Select(i => i.New).OfType<InstanceSpec>().ToList();
}
