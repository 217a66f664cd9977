namespace HaAppliance.Config.Keepalived;

/// <summary>
/// One statement: a keyword, the words after it on its line, and its <c>{ }</c> block when it has one.
/// Inside value blocks (<c>virtual_ipaddress</c>, <c>unicast_peer</c>, ...) the "keyword" is the value.
/// </summary>
internal sealed class KeepalivedStatement
{
    public required KeepalivedToken Keyword { get; init; }

    public List<KeepalivedToken> Args { get; } = [];

    /// <summary>The statements of the block; null when the statement has no block.</summary>
    public List<KeepalivedStatement>? Block { get; set; }

    public SourceLocation Location => Keyword.Location;

    public string Name => Keyword.Text;

    /// <summary>The statement as written, for messages.</summary>
    public string Text => Args.Count == 0 ? Keyword.Text : $"{Keyword.Text} {string.Join(' ', Args.Select(a => a.Quoted ? $"\"{a.Text}\"" : a.Text))}";
}
