namespace HaAppliance.Config.Keepalived;

/// <summary>A logical line of keepalived.conf: its words, and where the line was written.</summary>
internal sealed record KeepalivedLine(IReadOnlyList<KeepalivedToken> Tokens, SourceLocation Location);
