using System.Diagnostics;
using System.Text.RegularExpressions;
using HaAppliance.Config;
using HaAppliance.Config.Keepalived;

namespace HaAppliance.Config.Tests.Configuration.Keepalived;

/// <summary>
/// Our reader against the real keepalived's <c>--config-test</c> on the same files: keepalived accepts the
/// good corpus, and every line it rejects in bad/values.conf we reject too, with no extra error lines.
/// </summary>
public sealed partial class KeepalivedInteropTests
{
    private static string KeepalivedBinary() =>
        Requires.Tool("keepalived", "our reader is compared with the real parser (apt-get install keepalived)");

    /// <summary>Runs keepalived -t and returns (line, message) for each problem it reports in <paramref name="path"/>.</summary>
    private static List<(int Line, string Message)> KeepalivedComplaints(string path, string? configId = null)
    {
        var psi = new ProcessStartInfo(KeepalivedBinary())
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(path)!,
        };
        psi.ArgumentList.Add("--config-test");
        psi.ArgumentList.Add("--use-file=" + path);
        if (configId is not null)
        {
            psi.ArgumentList.Add("--config-id=" + configId);
        }

        using var process = Process.Start(psi)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("keepalived -t did not finish within 60 s");
        }

        var text = stderr.Result + stdout.Result;

        var result = new List<(int, string)>();
        foreach (Match m in ComplaintRegex().Matches(text))
        {
            var message = m.Groups["msg"].Value;

            // The test machine's interfaces are not the file's business.
            if (message.Contains("doesn't exist", StringComparison.Ordinal))
            {
                continue;
            }

            result.Add((int.Parse(m.Groups["line"].Value, System.Globalization.CultureInfo.InvariantCulture), message));
        }

        return result;
    }

    [TestCase("good/full.conf", null)]
    [TestCase("good/defs.conf", "lb1")]
    [TestCase("good/defs.conf", "lb2")]
    [TestCase("good/samples.conf", null)]
    public void ConfigTest_GoodCorpusFile_KeepalivedAcceptsItToo(string file, string? configId)
    {
        var path = KeepalivedCorpus.File(file.Split('/'));

        var complaints = KeepalivedComplaints(path, configId);

        Assert.That(complaints, Is.Empty);
        Assert.That(KeepalivedConfigReader.Read(path, new KeepalivedReaderOptions { ConfigId = configId }).Diagnostics, Is.Empty);
    }

    [Test]
    public void ConfigTest_BadValues_WeRejectExactlyTheLinesKeepalivedRejects()
    {
        var path = KeepalivedCorpus.File("bad", "values.conf");

        var theirs = KeepalivedComplaints(path).Select(c => c.Line).ToHashSet();
        var ours = KeepalivedConfigReader.Read(path).Diagnostics
            .Where(d => d.Severity == DiagnosticSeverity.Error)
            .Select(d => d.Location.Line)
            .ToHashSet();

        Assert.That(theirs, Is.Not.Empty);

        // Ours alone: 34 and 35 (keepalived drops a tracked interface that does not exist on this machine
        // before it looks at the weight) and 48 (keepalived silently ignores "version 2" for an IPv6 instance).
        Assert.That(theirs, Is.SubsetOf(ours));
        Assert.That(ours.Except(theirs), Is.EquivalentTo(new[] { 34, 35, 48 }));
    }

    [GeneratedRegex(@"Line (?<line>\d+)\) (?<msg>[^\n]*)")]
    private static partial Regex ComplaintRegex();
}
