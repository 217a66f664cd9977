namespace HaAppliance.Config.Reload;

/// <summary>What a reload will do, per instance, plus node-wide changes.</summary>
public sealed record ReloadPlan(IReadOnlyList<InstanceChange> Instances, IReadOnlyList<string> GlobalChanges)
{
    public InstanceChange? this[string name] => Instances.FirstOrDefault(i => i.Name == name);

    public bool IsEmpty => GlobalChanges.Count == 0 && Instances.All(i => i.Kind == InstanceChangeKind.Unchanged);
}
