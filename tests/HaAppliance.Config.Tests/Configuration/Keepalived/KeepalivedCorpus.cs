using System.Text.RegularExpressions;
using HaAppliance.Config;

namespace HaAppliance.Config.Tests.Configuration.Keepalived;

/// <summary>Finds tests/testdata and reads the "# expect: error|warning TEXT" annotations of corpus files.</summary>
internal static partial class KeepalivedCorpus
{
    public static string TestData
    {
        get
        {
            for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "tests", "testdata");
                if (Directory.Exists(candidate))
                {
                    return candidate;
                }
            }

            throw new DirectoryNotFoundException("tests/testdata not found above " + TestContext.CurrentContext.TestDirectory);
        }
    }

    public static string Keepalived => Path.Combine(TestData, "config", "keepalived");

    public static string File(params string[] parts) => Path.Combine([Keepalived, .. parts]);

    public sealed record Expectation(string File, int Line, DiagnosticSeverity Severity, string Text)
    {
        public bool Matches(ConfigDiagnostic d) =>
            SamePath(d.Location.File, File) && d.Location.Line == Line && d.Severity == Severity &&
            d.Message.Contains(Text, StringComparison.Ordinal);

        public override string ToString() => $"{File}:{Line}: {Severity}: {Text}";
    }

    /// <summary>"# expect: KIND TEXT" applies to its own line, "# expect-next: KIND TEXT" to the next one.</summary>
    public static List<Expectation> ExpectationsIn(string path)
    {
        var result = new List<Expectation>();
        var lines = System.IO.File.ReadAllLines(path);
        for (var i = 0; i < lines.Length; i++)
        {
            var m = ExpectRegex().Match(lines[i]);
            if (!m.Success)
            {
                continue;
            }

            var line = m.Groups["next"].Success ? i + 2 : i + 1;
            var severity = m.Groups["kind"].Value == "error" ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning;
            result.Add(new Expectation(path, line, severity, m.Groups["text"].Value.Trim()));
        }

        return result;
    }

    public static bool SamePath(string a, string b) =>
        string.Equals(Path.GetFullPath(a), Path.GetFullPath(b), StringComparison.Ordinal);

    [GeneratedRegex(@"# expect(?<next>-next)?: (?<kind>error|warning) (?<text>.*)$")]
    private static partial Regex ExpectRegex();
}
