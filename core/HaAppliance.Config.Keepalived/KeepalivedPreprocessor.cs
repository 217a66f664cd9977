using System.Text;

namespace HaAppliance.Config.Keepalived;

/// <summary>
/// Turns keepalived.conf text into logical lines of words, doing what keepalived's <c>read_line()</c> does
/// (lib/parser.c): comments (<c>#</c>, <c>!</c> outside double quotes), <c>@id</c>/<c>@^id</c> line
/// prefixes, <c>$NAME=value</c> definitions (also multi-line ones ending in <c>\</c>) and their use as
/// <c>$NAME</c> or <c>${NAME}</c>, and <c>include</c> with globs, relative to the including file.
/// Every word keeps the file, line and column it was written at, through includes.
/// </summary>
internal sealed class KeepalivedPreprocessor
{
    // Limits that keep hostile input (include loops, self-referencing definitions) from running away.
    private const int MaxIncludeDepth = 32;
    private const int MaxExpansionDepth = 16;
    private const int MaxLineLength = 1 << 16;
    private const int MaxLines = 1_000_000;
    private const long MaxFileBytes = 16 << 20;

    // Budgets on what definitions and includes may produce in total: nested multi-line definitions grow as
    // k^depth, and a glob can name thousands of files, long before any single limit above is reached.
    internal const int MaxExpandedChars = 1 << 20;
    internal const int MaxExpandedLines = 100_000;
    internal const int MaxIncludedFiles = 1_000;

    private long _expandedChars;
    private int _expandedLines;
    private bool _expansionExhausted;
    private int _includedFiles;
    private bool _includesExhausted;

    private readonly List<ConfigDiagnostic> _diagnostics;
    private readonly string _configId;
    private readonly Dictionary<string, Definition> _definitions = new(StringComparer.Ordinal);
    private readonly List<KeepalivedLine> _lines = [];
    private readonly Stack<string> _includeStack = new();
    private readonly Action<ConfigDiagnostic> _unsupported;

    public KeepalivedPreprocessor(List<ConfigDiagnostic> diagnostics, string configId, Action<ConfigDiagnostic> unsupported)
    {
        _diagnostics = diagnostics;
        _configId = configId;
        _unsupported = unsupported;

        // keepalived's standard definitions that do not depend on the running daemon.
        _definitions["_HASH"] = new Definition(["#"], Multiline: false);
        _definitions["_BANG"] = new Definition(["!"], Multiline: false);
    }

    /// <summary>The files read, main file first, then includes in the order they were read.</summary>
    public List<string> FilesRead { get; } = [];

    public List<KeepalivedLine> Run(string text, string displayName, string? fullPath)
    {
        if (fullPath is not null)
        {
            _includeStack.Push(fullPath);
        }

        ProcessFile(text, displayName, fullPath is null ? Directory.GetCurrentDirectory() : Path.GetDirectoryName(fullPath) ?? "/", 0);
        return _lines;
    }

    private sealed record Definition(List<string> Lines, bool Multiline);

    private void ProcessFile(string text, string displayName, string directory, int depth)
    {
        FilesRead.Add(displayName);
        var physical = text.Split('\n');
        Definition? pendingMultiline = null;
        _definitions["_PWD"] = new Definition([directory], Multiline: false);

        for (var i = 0; i < physical.Length; i++)
        {
            if (_lines.Count > MaxLines)
            {
                _diagnostics.Add(ConfigDiagnostic.Error(new SourceLocation(displayName, i + 1, 1), $"configuration has more than {MaxLines} lines; the rest is ignored"));
                return;
            }

            var raw = physical[i].TrimEnd('\r');
            var where = new SourceLocation(displayName, i + 1, 1);
            if (raw.Length > MaxLineLength)
            {
                _diagnostics.Add(ConfigDiagnostic.Error(where, $"line is longer than {MaxLineLength} characters (line ignored)"));
                continue;
            }

            if (raw.Contains('\0', StringComparison.Ordinal))
            {
                _diagnostics.Add(ConfigDiagnostic.Error(where, "line contains a NUL character (line ignored)"));
                continue;
            }

            var (content, column, continued) = Decomment(raw);

            if (pendingMultiline is not null)
            {
                // A multi-line definition goes on while its lines end in '\'; a blank line ends it too.
                if (content.Length > 0)
                {
                    pendingMultiline.Lines.Add(content);
                }

                if (!continued || content.Length == 0)
                {
                    pendingMultiline = null;
                }

                continue;
            }

            if (content.Length == 0)
            {
                continue;
            }

            ProcessLogicalLine(content, displayName, i + 1, column, continued, directory, depth, 0, ref pendingMultiline);
        }

        if (pendingMultiline is not null)
        {
            // Ended by end of file: keepalived accepts that too.
            pendingMultiline = null;
        }
    }

    private void ProcessLogicalLine(string text, string file, int line, int column, bool continued, string directory, int depth, int expansion, ref Definition? pendingMultiline)
    {
        for (var round = 0; ; round++)
        {
            if (round > MaxExpansionDepth)
            {
                _diagnostics.Add(ConfigDiagnostic.Error(new SourceLocation(file, line, column), $"definitions expand more than {MaxExpansionDepth} times (a definition that uses itself?); line ignored"));
                return;
            }

            // @id / @^id: keep the line only when the config-id matches (or, with ^, does not).
            if (text.StartsWith('@'))
            {
                var reverse = text.Length > 1 && text[1] == '^';
                var start = reverse ? 2 : 1;
                var space = text.IndexOfAny([' ', '\t'], start);
                if (space < 0)
                {
                    return;
                }

                var id = text[start..space];
                if (string.Equals(id, _configId, StringComparison.Ordinal) == reverse)
                {
                    return;
                }

                var rest = space;
                while (rest < text.Length && (text[rest] == ' ' || text[rest] == '\t'))
                {
                    rest++;
                }

                column += rest;
                text = text[rest..];
                if (text.Length == 0)
                {
                    return;
                }
            }

            if (text.StartsWith('$') && TryDefine(text, continued, out var definition))
            {
                if (definition.Multiline)
                {
                    pendingMultiline = definition;
                }

                return;
            }

            if (text.StartsWith("~SEQ", StringComparison.Ordinal) || text.StartsWith("~LST", StringComparison.Ordinal))
            {
                _unsupported(ConfigDiagnostic.Warning(new SourceLocation(file, line, column), $"unsupported: {text[..4]} (line ignored)"));
                return;
            }

            if (text.Contains('$', StringComparison.Ordinal))
            {
                var (multilineName, multiline) = MultilineUse(text);
                if (multiline is not null)
                {
                    if (expansion >= MaxExpansionDepth)
                    {
                        _diagnostics.Add(ConfigDiagnostic.Error(new SourceLocation(file, line, column), $"definitions expand more than {MaxExpansionDepth} times (a definition that uses itself?); line ignored"));
                        return;
                    }

                    Definition? none = null;
                    foreach (var expanded in multiline.Lines.ToArray())
                    {
                        var (content, _, _) = Decomment(expanded);
                        if (content.Length > 0)
                        {
                            if (!Spend(content.Length, 1, multilineName!, new SourceLocation(file, line, column)))
                            {
                                return;
                            }

                            ProcessLogicalLine(content, file, line, column, false, directory, depth, expansion + 1, ref none);
                        }
                    }

                    return;
                }

                var replaced = Substitute(text, new SourceLocation(file, line, column));
                if (!ReferenceEquals(replaced, text))
                {
                    (text, var lead, _) = Decomment(replaced);
                    column += lead - 1;
                    if (text.Length == 0)
                    {
                        return;
                    }

                    if (text.StartsWith('@') || text.Contains('$', StringComparison.Ordinal))
                    {
                        continue;
                    }
                }
            }

            break;
        }

        if (IsInclude(text, out var pattern))
        {
            Include(pattern.Trim(), new SourceLocation(file, line, column), directory, depth);
            _definitions["_PWD"] = new Definition([directory], Multiline: false);
            return;
        }

        var tokens = Tokenize(text, file, line, column);
        if (tokens.Count > 0)
        {
            _lines.Add(new KeepalivedLine(tokens, new SourceLocation(file, line, column)));
        }
    }

    /// <summary>keepalived's <c>decomment()</c>: strips leading blanks, comments outside quotes and trailing blanks.</summary>
    internal static (string Content, int Column, bool Continued) Decomment(string raw)
    {
        var start = 0;
        while (start < raw.Length && (raw[start] == ' ' || raw[start] == '\t'))
        {
            start++;
        }

        var sb = new StringBuilder(raw.Length - start);
        var quote = false;
        var continued = false;
        for (var i = start; i < raw.Length; i++)
        {
            var c = raw[i];
            if (c == '"')
            {
                quote = !quote;
            }
            else if (c == '\\')
            {
                if (i + 1 == raw.Length)
                {
                    continued = true;
                    break;
                }

                // \# and \! outside quotes stand for the character itself.
                if (!quote && (raw[i + 1] == '#' || raw[i + 1] == '!'))
                {
                    sb.Append(raw[i + 1]);
                    i++;
                    continue;
                }

                sb.Append(c).Append(raw[i + 1]);
                i++;
                continue;
            }
            else if (!quote && (c == '#' || c == '!'))
            {
                break;
            }

            sb.Append(c);
        }

        var content = sb.ToString().TrimEnd(' ', '\t');
        return (content, start + 1, continued);
    }

    private bool TryDefine(string text, bool continued, out Definition definition)
    {
        definition = null!;
        var i = 1;
        if (i >= text.Length || !(char.IsAsciiLetter(text[i]) || text[i] == '_'))
        {
            return false;
        }

        while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] == '_'))
        {
            i++;
        }

        // keepalived allows no blank between the name and '=' ("$A = 1" is not a definition).
        var name = text[1..i];
        if (i >= text.Length || text[i] != '=')
        {
            return false;
        }

        var value = text[(i + 1)..].Trim(' ', '\t');
        definition = new Definition(value.Length > 0 ? [value] : [], continued);
        _definitions[name] = definition;
        return true;
    }

    /// <summary>
    /// Counts expanded text against the budget; false (reported once, naming the definition and the line that
    /// used it) when it is spent, and from then on every expansion is dropped.
    /// </summary>
    private bool Spend(int chars, int lines, string name, SourceLocation where)
    {
        if (_expansionExhausted)
        {
            return false;
        }

        _expandedChars += chars;
        _expandedLines += lines;
        if (_expandedChars <= MaxExpandedChars && _expandedLines <= MaxExpandedLines)
        {
            return true;
        }

        _expansionExhausted = true;
        _diagnostics.Add(ConfigDiagnostic.Error(where, $"expanding ${name} here takes definitions past {MaxExpandedLines} lines or {MaxExpandedChars / (1 << 20)} MiB of text in total (nested multi-line definitions?); this and every later expansion is ignored"));
        return false;
    }

    /// <summary>A multi-line definition is only expanded when it is alone on its line, as in keepalived.</summary>
    private (string? Name, Definition? Definition) MultilineUse(string text)
    {
        string? name = null;
        if (text.StartsWith("${", StringComparison.Ordinal) && text.EndsWith('}'))
        {
            name = text[2..^1];
        }
        else if (text.StartsWith('$'))
        {
            name = text[1..];
        }

        return name is not null && _definitions.TryGetValue(name, out var d) && d.Multiline ? (name, d) : (null, null);
    }

    /// <summary>Replaces <c>$NAME</c> and <c>${NAME}</c> by single-line definitions; unknown names stay as written.</summary>
    private string Substitute(string text, SourceLocation where)
    {
        var sb = new StringBuilder(text.Length + 16);
        var changed = false;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c != '$' || i + 1 >= text.Length)
            {
                sb.Append(c);
                i++;
                continue;
            }

            var braces = text[i + 1] == '{';
            var nameStart = i + (braces ? 2 : 1);
            var j = nameStart;
            if (j < text.Length && (char.IsAsciiLetter(text[j]) || text[j] == '_'))
            {
                j++;
                while (j < text.Length && (char.IsAsciiLetterOrDigit(text[j]) || text[j] == '_'))
                {
                    j++;
                }
            }

            var name = text[nameStart..j];
            var ok = name.Length > 0 && (braces
                ? j < text.Length && text[j] == '}'
                : j == text.Length || text[j] is ' ' or '\t' or ',' or ')');
            if (ok && _definitions.TryGetValue(name, out var def) && !def.Multiline)
            {
                if (!Spend(def.Lines.Count > 0 ? def.Lines[0].Length : 0, 0, name, where))
                {
                    return "";
                }

                sb.Append(def.Lines.Count > 0 ? def.Lines[0] : "");
                i = braces ? j + 1 : j;
                changed = true;
                continue;
            }

            if (ok && braces)
            {
                _diagnostics.Add(ConfigDiagnostic.Warning(where, $"${{{name}}} is not defined (left as written)"));
            }

            sb.Append(c);
            i++;
        }

        return changed ? sb.ToString() : text;
    }

    private static bool IsInclude(string text, out string pattern)
    {
        pattern = "";
        if (!text.StartsWith("include", StringComparison.Ordinal) || text.Length < 9)
        {
            return false;
        }

        // include, and keepalived's variants includer/includem/includew/includeb/includea.
        var at = 7;
        if ("rmwba".Contains(text[at], StringComparison.Ordinal) && text.Length > at + 1 && char.IsWhiteSpace(text[at + 1]))
        {
            at++;
        }

        if (!char.IsWhiteSpace(text[at]))
        {
            return false;
        }

        pattern = text[(at + 1)..];
        return true;
    }

    private void Include(string pattern, SourceLocation where, string directory, int depth)
    {
        if (pattern.Length >= 2 && pattern[0] == '"' && pattern[^1] == '"')
        {
            pattern = pattern[1..^1];
        }

        if (pattern.Length == 0)
        {
            _diagnostics.Add(ConfigDiagnostic.Error(where, "include needs a file name or glob pattern"));
            return;
        }

        if (depth + 1 > MaxIncludeDepth)
        {
            _diagnostics.Add(ConfigDiagnostic.Error(where, $"include '{pattern}' nests deeper than {MaxIncludeDepth} files (line ignored)"));
            return;
        }

        List<string> files;
        try
        {
            files = KeepalivedGlob.Expand(pattern, directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or TimeoutException)
        {
            _diagnostics.Add(ConfigDiagnostic.Error(where, $"include '{pattern}': {e.Message}"));
            return;
        }

        if (files.Count == 0)
        {
            if (KeepalivedGlob.HasWildcards(pattern))
            {
                _diagnostics.Add(ConfigDiagnostic.Warning(where, $"include '{pattern}' matches no file (relative to {directory})"));
            }
            else
            {
                _diagnostics.Add(ConfigDiagnostic.Error(where, $"include '{pattern}': file not found (relative to {directory})"));
            }

            return;
        }

        foreach (var path in files)
        {
            if (_includesExhausted)
            {
                return;
            }

            if (++_includedFiles > MaxIncludedFiles)
            {
                _includesExhausted = true;
                _diagnostics.Add(ConfigDiagnostic.Error(where, $"include '{pattern}' takes the configuration past {MaxIncludedFiles} included files in total (an include fan-out?); '{path}' and every later include are not read"));
                return;
            }

            if (_includeStack.Contains(path))
            {
                _diagnostics.Add(ConfigDiagnostic.Error(where, $"include '{path}' includes itself (include loop; line ignored)"));
                continue;
            }

            string text;
            try
            {
                // Only regular files with content: a FIFO, device or /proc entry reports length 0, and reading
                // one could block for ever (keepalived skips what is not a regular file too).
                var info = new FileInfo(path);
                if (info.LinkTarget is not null)
                {
                    if (info.ResolveLinkTarget(returnFinalTarget: true) is not FileInfo { Exists: true } target)
                    {
                        // /proc/self/fd/N and the like link to "pipe:[...]", which is no file.
                        _diagnostics.Add(ConfigDiagnostic.Warning(where, $"include '{path}' is not a regular file (skipped)"));
                        continue;
                    }

                    info = target;
                }

                if (info.Length == 0)
                {
                    continue;
                }

                if (info.Length > MaxFileBytes)
                {
                    _diagnostics.Add(ConfigDiagnostic.Error(where, $"include '{path}' is larger than {MaxFileBytes / (1 << 20)} MiB (not read)"));
                    continue;
                }

                text = File.ReadAllText(info.FullName);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                _diagnostics.Add(ConfigDiagnostic.Error(where, $"include '{path}' cannot be read: {e.Message}"));
                continue;
            }

            _includeStack.Push(path);
            ProcessFile(text, path, Path.GetDirectoryName(path) ?? "/", depth + 1);
            _includeStack.Pop();
        }
    }

    /// <summary>
    /// Splits a line into words: blanks separate words, a double-quoted string is one word without its
    /// quotes, and unquoted <c>{</c> and <c>}</c> are words of their own (keepalived splits lines there).
    /// </summary>
    private List<KeepalivedToken> Tokenize(string text, string file, int line, int column)
    {
        var tokens = new List<KeepalivedToken>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == ' ' || c == '\t')
            {
                i++;
                continue;
            }

            var where = new SourceLocation(file, line, column + i);
            if (c == '{' || c == '}')
            {
                tokens.Add(new KeepalivedToken(c.ToString(), where));
                i++;
                continue;
            }

            if (c == '"')
            {
                var end = text.IndexOf('"', i + 1);
                if (end < 0)
                {
                    _diagnostics.Add(ConfigDiagnostic.SyntaxError(where, $"missing closing '\"' on this line"));
                    tokens.Add(new KeepalivedToken(text[(i + 1)..], where, Quoted: true));
                    break;
                }

                tokens.Add(new KeepalivedToken(text[(i + 1)..end], where, Quoted: true));
                i = end + 1;
                continue;
            }

            var j = i;
            while (j < text.Length && text[j] is not (' ' or '\t' or '"' or '{' or '}'))
            {
                j++;
            }

            tokens.Add(new KeepalivedToken(text[i..j], where));
            i = j;
        }

        return tokens;
    }
}
