namespace HaAppliance.Config.Keepalived;

/// <summary>
/// Builds the statement tree from logical lines. A block opens with <c>{</c> at the end of a keyword's
/// line or alone on the next line, and closes with <c>}</c> anywhere; several statements may share a
/// line around braces (<c>virtual_ipaddress { 192.0.2.1 }</c>), as keepalived allows.
/// </summary>
/// <remarks>
/// A missing <c>}</c> shifts every later block one level down, so the mapper would report each of them as
/// misplaced, and the brace count only runs out at the end of the file. To report the cause instead of its
/// consequences, the parser looks for the first statement that cannot belong where it was read: one indented
/// like a sibling of the block it is in (when that block's content is indented), or a top-level block such as
/// <c>vrrp_instance</c> inside another block. The block holding it is the one left open; the parser reports
/// that block's opening line and reads the file again as if the <c>}</c> were there.
/// </remarks>
internal sealed class KeepalivedSyntax
{
    private const int MaxDepth = 64;

    // Each recovery closes one block; a file with more missing braces than this is reported as it reads.
    private const int MaxRecoveries = 16;

    // Blocks that only ever stand at the top of a file; one read inside another block means that block is open.
    private static readonly HashSet<string> TopLevelBlocks = new(StringComparer.Ordinal)
    {
        "global_defs", "vrrp_instance", "vrrp_script", "vrrp_track_process", "vrrp_track_file", "vrrp_sync_group",
        "virtual_server", "virtual_server_group", "static_ipaddress", "static_routes", "static_rules", "bfd_instance",
        "garp_group", "linkbeat_interfaces",
    };

    private readonly List<KeepalivedToken> _tokens = [];
    private readonly List<bool> _endsLine = [];
    private List<ConfigDiagnostic> _diagnostics = [];
    private int _pos;
    private bool _unclosed;
    private (KeepalivedStatement Owner, KeepalivedStatement Next, int Index)? _suspect;

    private KeepalivedSyntax(IReadOnlyList<KeepalivedLine> lines)
    {
        foreach (var line in lines)
        {
            for (var i = 0; i < line.Tokens.Count; i++)
            {
                _tokens.Add(line.Tokens[i]);
                _endsLine.Add(i == line.Tokens.Count - 1);
            }
        }
    }

    public static List<KeepalivedStatement> Parse(IReadOnlyList<KeepalivedLine> lines, List<ConfigDiagnostic> diagnostics)
    {
        var syntax = new KeepalivedSyntax(lines);
        var recovered = new List<ConfigDiagnostic>();
        for (var attempt = 0; ; attempt++)
        {
            syntax._diagnostics = [];
            syntax._pos = 0;
            syntax._unclosed = false;
            syntax._suspect = null;
            var statements = syntax.ParseBlock(null, null, 0);
            if (!syntax._unclosed || syntax._suspect is not { } suspect || attempt >= MaxRecoveries)
            {
                diagnostics.AddRange(recovered);
                diagnostics.AddRange(syntax._diagnostics);
                return statements;
            }

            recovered.Add(ConfigDiagnostic.SyntaxError(suspect.Owner.Location, NotClosed(suspect.Owner, suspect.Next)));
            var close = new KeepalivedToken("}", suspect.Next.Location);
            syntax._tokens.Insert(suspect.Index, close);
            syntax._endsLine.Insert(suspect.Index, true);
        }
    }

    private static string NotClosed(KeepalivedStatement owner, KeepalivedStatement next)
    {
        var where = next.Location.File == owner.Location.File ? $"line {next.Location.Line}" : $"{next.Location.File}:{next.Location.Line}";
        var why = TopLevelBlocks.Contains(next.Name) ? "starts inside it" : "is indented as if it followed it";
        return $"'{owner.Text} {{' at line {owner.Location.Line} is not closed: the next '{next.Text}' at {where} {why} (read as if a '}}' came before it)";
    }

    private List<KeepalivedStatement> ParseBlock(KeepalivedToken? opener, KeepalivedStatement? owner, int depth)
    {
        var statements = new List<KeepalivedStatement>();
        KeepalivedStatement? last = null;
        var lastEndedLine = false;
        var atLineStart = true;
        int? contentColumn = null;

        while (_pos < _tokens.Count)
        {
            var token = _tokens[_pos];
            if (token.IsCloseBrace)
            {
                _pos++;
                if (opener is not null)
                {
                    return statements;
                }

                _diagnostics.Add(ConfigDiagnostic.SyntaxError(token.Location, "unexpected '}' (no block is open)"));
                atLineStart = _endsLine[_pos - 1];
                continue;
            }

            if (token.IsOpenBrace)
            {
                _pos++;

                // "keyword" on one line and "{" at the start of the next opens the keyword's block.
                if (atLineStart && last is not null && last.Block is null && lastEndedLine)
                {
                    last.Block = ParseChild(token, last, depth);
                }
                else
                {
                    _diagnostics.Add(ConfigDiagnostic.SyntaxError(token.Location, "unexpected '{' (no keyword before it)"));
                    ParseChild(token, null, depth);
                }

                lastEndedLine = false;
                atLineStart = _pos > 0 && _endsLine[_pos - 1];
                continue;
            }

            var statement = new KeepalivedStatement { Keyword = token };
            var index = _pos;
            if (owner is not null && atLineStart)
            {
                NoteMisplaced(owner, statement, index, ref contentColumn);
            }

            var ended = _endsLine[_pos];
            _pos++;
            while (!ended && _pos < _tokens.Count && !_tokens[_pos].IsOpenBrace && !_tokens[_pos].IsCloseBrace)
            {
                statement.Args.Add(_tokens[_pos]);
                ended = _endsLine[_pos];
                _pos++;
            }

            statements.Add(statement);
            last = statement;
            lastEndedLine = ended;
            atLineStart = ended;

            if (!ended && _pos < _tokens.Count && _tokens[_pos].IsOpenBrace)
            {
                var brace = _tokens[_pos];
                _pos++;
                statement.Block = ParseChild(brace, statement, depth);
                lastEndedLine = false;
                atLineStart = _pos > 0 && _endsLine[_pos - 1];
            }
        }

        if (opener is not null)
        {
            _unclosed = true;
            _diagnostics.Add(ConfigDiagnostic.SyntaxError(opener.Location, "missing '}' for the block opened here"));
        }

        return statements;
    }

    /// <summary>Remembers the first statement that cannot be inside <paramref name="owner"/>'s block (see the remarks).</summary>
    private void NoteMisplaced(KeepalivedStatement owner, KeepalivedStatement statement, int index, ref int? contentColumn)
    {
        if (_suspect is not null || statement.Location.File != owner.Location.File || statement.Location.Line <= owner.Location.Line)
        {
            if (_suspect is null && TopLevelBlocks.Contains(statement.Name))
            {
                _suspect = (owner, statement, index);
            }

            return;
        }

        if (TopLevelBlocks.Contains(statement.Name))
        {
            _suspect = (owner, statement, index);
            return;
        }

        if (contentColumn is null)
        {
            contentColumn = statement.Location.Column;
            return;
        }

        // Only a block whose content is indented says anything by its indentation.
        if (contentColumn > owner.Location.Column && statement.Location.Column <= owner.Location.Column)
        {
            _suspect = (owner, statement, index);
        }
    }

    private List<KeepalivedStatement> ParseChild(KeepalivedToken brace, KeepalivedStatement? owner, int depth)
    {
        if (depth + 1 > MaxDepth)
        {
            _diagnostics.Add(ConfigDiagnostic.SyntaxError(brace.Location, $"blocks nest deeper than {MaxDepth} levels; the rest of the file is ignored"));
            _pos = _tokens.Count;
            return [];
        }

        return ParseBlock(brace, owner, depth + 1);
    }
}
