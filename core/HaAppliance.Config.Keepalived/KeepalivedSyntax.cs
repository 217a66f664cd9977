namespace HaAppliance.Config.Keepalived;

/// <summary>
/// Builds the statement tree from logical lines. A block opens with <c>{</c> at the end of a keyword's
/// line or alone on the next line, and closes with <c>}</c> anywhere; several statements may share a
/// line around braces (<c>virtual_ipaddress { 192.0.2.1 }</c>), as keepalived allows.
/// </summary>
internal sealed class KeepalivedSyntax
{
    private const int MaxDepth = 64;

    private readonly List<KeepalivedToken> _tokens = [];
    private readonly List<bool> _endsLine = [];
    private readonly List<ConfigDiagnostic> _diagnostics;
    private int _pos;

    private KeepalivedSyntax(IReadOnlyList<KeepalivedLine> lines, List<ConfigDiagnostic> diagnostics)
    {
        _diagnostics = diagnostics;
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
        var syntax = new KeepalivedSyntax(lines, diagnostics);
        return syntax.ParseBlock(null, 0);
    }

    private List<KeepalivedStatement> ParseBlock(KeepalivedToken? opener, int depth)
    {
        var statements = new List<KeepalivedStatement>();
        KeepalivedStatement? last = null;
        var lastEndedLine = false;
        var atLineStart = true;

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

                _diagnostics.Add(ConfigDiagnostic.Error(token.Location, "unexpected '}' (no block is open)"));
                atLineStart = _endsLine[_pos - 1];
                continue;
            }

            if (token.IsOpenBrace)
            {
                _pos++;

                // "keyword" on one line and "{" at the start of the next opens the keyword's block.
                if (atLineStart && last is not null && last.Block is null && lastEndedLine)
                {
                    last.Block = ParseChild(token, depth);
                }
                else
                {
                    _diagnostics.Add(ConfigDiagnostic.Error(token.Location, "unexpected '{' (no keyword before it)"));
                    ParseChild(token, depth);
                }

                lastEndedLine = false;
                atLineStart = _pos > 0 && _endsLine[_pos - 1];
                continue;
            }

            var statement = new KeepalivedStatement { Keyword = token };
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
                statement.Block = ParseChild(brace, depth);
                lastEndedLine = false;
                atLineStart = _pos > 0 && _endsLine[_pos - 1];
            }
        }

        if (opener is not null)
        {
            _diagnostics.Add(ConfigDiagnostic.Error(opener.Location, "missing '}' for the block opened here"));
        }

        return statements;
    }

    private List<KeepalivedStatement> ParseChild(KeepalivedToken brace, int depth)
    {
        if (depth + 1 > MaxDepth)
        {
            _diagnostics.Add(ConfigDiagnostic.Error(brace.Location, $"blocks nest deeper than {MaxDepth} levels; the rest of the file is ignored"));
            _pos = _tokens.Count;
            return [];
        }

        var block = ParseBlock(brace, depth + 1);
        return block;
    }
}
