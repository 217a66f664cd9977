using System.Text;
using System.Text.RegularExpressions;

namespace HaAppliance.Config.Schema;

/// <summary>
/// The key tables of docs/configuration.md, generated from <see cref="ConfigSchema"/>. A table sits between
/// <c>&lt;!-- keys: SECTION --&gt;</c> and <c>&lt;!-- end keys --&gt;</c>; <see cref="Update"/> rewrites every
/// such region, and a test checks that the committed document equals its update, so the docs cannot drift.
/// </summary>
public static partial class ConfigSchemaDocs
{
    /// <summary>The comment that opens a generated table of <paramref name="section"/>.</summary>
    public static string BeginMarker(string section) => $"<!-- keys: {section} (generated from ConfigSchema; edit the table there) -->";

    public const string EndMarker = "<!-- end keys -->";

    /// <summary>The markdown table of one section: key, default, meaning.</summary>
    public static string Table(ConfigSection section)
    {
        var sb = new StringBuilder();
        sb.Append("| key | default | meaning |\n");
        sb.Append("| --- | --- | --- |\n");
        foreach (var key in section.DescribedKeys)
        {
            sb.Append(CultureInvariant($"| `{key.Name}` | {Cell(key.DefaultText)} | {Cell(key.Doc)} |\n"));
        }

        return sb.ToString();
    }

    /// <summary>
    /// <paramref name="markdown"/> with every generated region replaced by the current table. Line ends are
    /// written as <c>\n</c>. An unknown section name throws: a region naming no table is a typo.
    /// </summary>
    public static string Update(string markdown) =>
        Region().Replace(markdown.ReplaceLineEndings("\n"), m =>
        {
            var name = m.Groups["section"].Value;
            var section = ConfigSchema.Sections.FirstOrDefault(s => s.Name == name)
                ?? throw new ArgumentException($"generated region names section '{name}'; known: {string.Join(", ", ConfigSchema.Sections.Select(s => s.Name))}", nameof(markdown));
            return $"{BeginMarker(name)}\n{Table(section)}{EndMarker}";
        });

    /// <summary>Names of the sections that have a generated region in <paramref name="markdown"/>.</summary>
    public static IReadOnlyList<string> Regions(string markdown) =>
        [.. Region().Matches(markdown.ReplaceLineEndings("\n")).Select(m => m.Groups["section"].Value)];

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);

    private static string CultureInvariant(FormattableString s) => FormattableString.Invariant(s);

    [GeneratedRegex(@"<!-- keys: (?<section>[a-z_]+)[^\n]*-->\n.*?<!-- end keys -->", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex Region();
}
