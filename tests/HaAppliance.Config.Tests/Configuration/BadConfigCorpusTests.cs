using System.Text.RegularExpressions;
using HaAppliance.Config;

namespace HaAppliance.Config.Tests.Configuration;

/// <summary>
/// Every file in tests/testdata/config/bad/ states the errors it must produce in
/// <c># expect: LINE:COL: message-prefix</c> comments. Each expected error must be reported at that
/// place, and nothing else may be reported as an error.
/// </summary>
public sealed partial class BadConfigCorpusTests
{
    public static IEnumerable<TestCaseData> Files() =>
        Directory.EnumerateFiles(Path.Combine(TestPaths.ConfigData, "bad"), "*.yaml")
            .Order(StringComparer.Ordinal)
            .Select(f => new TestCaseData(Path.GetFileName(f)).SetName($"Load_{Path.GetFileNameWithoutExtension(f)}_ReportsExpectedErrors"));

    [TestCaseSource(nameof(Files))]
    public void Load_BadFile_ReportsExpectedErrors(string name)
    {
        var path = Path.Combine(TestPaths.ConfigData, "bad", name);
        var expectations = File.ReadLines(path)
            .Select(l => ExpectLine().Match(l))
            .Where(m => m.Success)
            .Select(m => (Line: int.Parse(m.Groups[1].Value), Column: int.Parse(m.Groups[2].Value), Text: m.Groups[3].Value.Trim()))
            .ToList();
        Assert.That(expectations, Is.Not.Empty, $"{name} has no '# expect: LINE:COL: message' line");

        var result = ConfigLoader.Load(path);
        var errors = result.Errors.ToList();
        var report = string.Join(Environment.NewLine, result.Diagnostics);

        Assert.That(result.Ok, Is.False, $"{name} loaded without errors");
        foreach (var (line, column, text) in expectations)
        {
            Assert.That(errors.Any(e => e.Location.Line == line && e.Location.Column == column && e.Message.StartsWith(text, StringComparison.Ordinal)),
                $"expected {line}:{column}: {text}{Environment.NewLine}got:{Environment.NewLine}{report}");
        }

        foreach (var e in errors)
        {
            Assert.That(e.Location.File, Is.EqualTo(path));
            Assert.That(expectations.Any(x => x.Line == e.Location.Line && x.Column == e.Location.Column && e.Message.StartsWith(x.Text, StringComparison.Ordinal)),
                $"unexpected error: {e}");
        }
    }

    [GeneratedRegex(@"^#\s*expect:\s*(\d+):(\d+):\s*(.*)$")]
    private static partial Regex ExpectLine();
}
