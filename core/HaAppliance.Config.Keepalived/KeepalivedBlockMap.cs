namespace HaAppliance.Config.Keepalived;

/// <summary>One block's entry: the check type, keyword → setting name, and whether a plugin declared it.</summary>
internal sealed record KeepalivedBlockMap(string Type, IReadOnlyDictionary<string, string> Settings, bool Declared);
