namespace HaAppliance.Config;

/// <summary>Where a value came from: file, 1-based line and column. Every config error names one.</summary>
public sealed record SourceLocation(string File, int Line, int Column)
{
    public static readonly SourceLocation Unknown = new("<unknown>", 0, 0);

    public override string ToString() => $"{File}:{Line}:{Column}";
}
