namespace HaAppliance.Config.Keepalived;

/// <summary>
/// One word of a keepalived.conf line after comments, <c>@id</c> prefixes and <c>$NAME</c> definitions
/// have been applied. <see cref="Quoted"/> tells a literal <c>"{"</c> from a block brace.
/// </summary>
internal sealed record KeepalivedToken(string Text, SourceLocation Location, bool Quoted = false)
{
    public bool IsOpenBrace => !Quoted && Text == "{";

    public bool IsCloseBrace => !Quoted && Text == "}";

    public override string ToString() => Text;
}
