namespace HaAppliance.Config.Reload;

/// <summary>The plan for one instance, with what changed in words an operator can read in the log.</summary>
public sealed record InstanceChange(string Name, InstanceChangeKind Kind, IReadOnlyList<string> Changes)
{
    /// <summary>VIPs the backend must add on an in-place update.</summary>
    public IReadOnlyList<VipConfig> VipsAdded { get; init; } = [];

    /// <summary>VIPs the backend must remove on an in-place update.</summary>
    public IReadOnlyList<VipConfig> VipsRemoved { get; init; } = [];

    public override string ToString() =>
        Changes.Count == 0 ? $"{Name}: {Kind}" : $"{Name}: {Kind} ({string.Join("; ", Changes)})";
}
