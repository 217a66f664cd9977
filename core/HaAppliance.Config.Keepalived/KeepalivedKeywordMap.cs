namespace HaAppliance.Config.Keepalived;

/// <summary>
/// Where the plugin settings of keepalived's tracker blocks go: block → check type → keyword → setting name
/// (the keywords are listed on the SDK's <c>IKeepalivedKeywordMap</c>). The host builds one from what the loaded
/// plugins declare and passes it in <see cref="KeepalivedReaderOptions.Keywords"/>; blocks no plugin declares, and
/// every block when no plugins are loaded (<c>haapp convert</c>), are read with <see cref="BuiltIn"/>.
/// </summary>
public sealed class KeepalivedKeywordMap
{
    private static readonly Dictionary<string, KeepalivedBlockMap> BuiltInBlocks = BuildBuiltIn();

    private readonly Dictionary<string, KeepalivedBlockMap> _declared;

    private KeepalivedKeywordMap(Dictionary<string, KeepalivedBlockMap> declared) => _declared = declared;

    /// <summary>The names the reader has always written: what the built-in script, process and file checks bind.</summary>
    public static KeepalivedKeywordMap BuiltIn { get; } = new([]);

    /// <summary>
    /// A map of the blocks plugins declared, on top of <see cref="BuiltIn"/> for the rest. A declared block replaces
    /// the built-in one whole: a keyword it leaves out is unsupported by its type.
    /// </summary>
    /// <param name="declared">block → type → keyword → setting name; one type per block.</param>
    /// <exception cref="ArgumentException">A block names no type or more than one, or a name is empty.</exception>
    public static KeepalivedKeywordMap FromDeclared(IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>> declared)
    {
        var blocks = new Dictionary<string, KeepalivedBlockMap>(StringComparer.Ordinal);
        foreach (var (block, types) in declared)
        {
            if (types.Count != 1)
            {
                throw new ArgumentException($"keepalived block '{block}' must map to exactly one check type, not {types.Count} ({string.Join(", ", types.Keys)})", nameof(declared));
            }

            var (type, keywords) = types.Single();
            if (string.IsNullOrWhiteSpace(block) || string.IsNullOrWhiteSpace(type) || keywords.Any(k => string.IsNullOrWhiteSpace(k.Key) || string.IsNullOrWhiteSpace(k.Value)))
            {
                throw new ArgumentException($"keepalived block '{block}' (type '{type}'): block, type, keyword and setting names must not be empty", nameof(declared));
            }

            blocks[block] = new KeepalivedBlockMap(type, new Dictionary<string, string>(keywords, StringComparer.Ordinal), Declared: true);
        }

        return new KeepalivedKeywordMap(blocks);
    }

    /// <summary>The blocks plugins declared (empty for <see cref="BuiltIn"/>).</summary>
    public IReadOnlyCollection<string> DeclaredBlocks => _declared.Keys;

    /// <summary>The check type <paramref name="block"/> becomes and where its keywords go; null for a block no one maps.</summary>
    internal KeepalivedBlockMap? For(string block) =>
        _declared.GetValueOrDefault(block) ?? BuiltInBlocks.GetValueOrDefault(block);

    /// <summary>The type <paramref name="block"/> becomes, and its keyword → setting name table.</summary>
    public (string Type, IReadOnlyDictionary<string, string> Settings)? Lookup(string block) =>
        For(block) is { } map ? (map.Type, map.Settings) : null;

    private static Dictionary<string, KeepalivedBlockMap> BuildBuiltIn()
    {
        var script = Block("script", ("script", "command"), ("user", "user"), ("user.group", "group"));
        var process = Block("process",
            ("process", "process"), ("process.parameters", "parameters"), ("param_match", "param_match"), ("full_command", "full_command"),
            ("quorum", "quorum"), ("quorum_max", "quorum_max"), ("terminate_delay", "terminate_delay"), ("fork_delay", "fork_delay"));
        var file = Block("file", ("file", "path"), ("init_file", "init_value"), ("init_file.overwrite", "init_file_overwrite"));
        return new Dictionary<string, KeepalivedBlockMap>(StringComparer.Ordinal)
        {
            ["vrrp_script"] = script,
            ["vrrp_track_process"] = process,
            ["track_file"] = file,
            ["vrrp_track_file"] = file,
        };
    }

    private static KeepalivedBlockMap Block(string type, params (string Keyword, string Setting)[] keywords) =>
        new(type, keywords.ToDictionary(k => k.Keyword, k => k.Setting, StringComparer.Ordinal), Declared: false);
}
