namespace HaAppliance.Config;

/// <summary>
/// Base of every configuration object: remembers where the object and each of its keys were written,
/// so validation can name FILE:LINE:COL for the exact value that is wrong.
/// </summary>
public abstract class ConfigNode
{
    /// <summary>Where the object starts (the mapping or block that defines it).</summary>
    public SourceLocation Location { get; set; } = SourceLocation.Unknown;

    /// <summary>Location of each key's value, by snake_case key name.</summary>
    public Dictionary<string, SourceLocation> KeyLocations { get; } = new(StringComparer.Ordinal);

    /// <summary>Location of <paramref name="key"/>'s value, or of the object when the key was not written.</summary>
    public SourceLocation Where(string key) => KeyLocations.TryGetValue(key, out var l) ? l : Location;

    /// <summary>
    /// Location of item <paramref name="index"/> of list key <paramref name="key"/> (stored as <c>key:index</c>),
    /// else of the key, else of the object.
    /// </summary>
    public SourceLocation WhereItem(string key, int index) =>
        KeyLocations.TryGetValue($"{key}:{index}", out var l) ? l : Where(key);
}
