using System.Runtime.CompilerServices;

namespace HaAppliance.Abstractions.Tests;

/// <summary>
/// Plugins compile against HaAppliance.Abstractions: any change to its public surface is a change to every
/// plugin's contract, so it must be deliberate. The approved text is checked in; a change shows as a diff.
/// </summary>
public sealed class PublicApiTests
{
    private const string Approved = "PublicApi.approved.txt";
    private const string Received = "PublicApi.received.txt";

    [Test]
    public void PublicApi_Abstractions_MatchesApprovedSnapshot()
    {
        var actual = PublicApiFormatter.Format(typeof(INotifier).Assembly);
        var folder = SnapshotFolder();
        var approvedPath = Path.Combine(folder, Approved);
        var receivedPath = Path.Combine(folder, Received);
        var approved = File.Exists(approvedPath) ? File.ReadAllText(approvedPath).ReplaceLineEndings("\n") : "";

        if (approved == actual)
        {
            File.Delete(receivedPath);
            Assert.That(actual, Is.EqualTo(approved));
            return;
        }

        File.WriteAllText(receivedPath, actual);
        Assert.Fail(
            $"The public API of HaAppliance.Abstractions (the plugin SDK) changed; every plugin compiles against it.\n" +
            $"Compare the two files:\n  diff -u {approvedPath} {receivedPath}\n" +
            $"If the change is intended, accept it and commit the approved file:\n  cp {receivedPath} {approvedPath}\n" +
            $"First difference: {FirstDifference(approved, actual)}");
    }

    [Test]
    public void Format_Abstractions_ListsEveryExportedType()
    {
        var text = PublicApiFormatter.Format(typeof(INotifier).Assembly);
        var headers = text.Split('\n').Where(l => l.StartsWith("public ", StringComparison.Ordinal)).ToList();

        Assert.That(headers, Has.Count.EqualTo(typeof(INotifier).Assembly.GetExportedTypes().Length));
        Assert.That(text, Does.Contain("public enum HaAppliance.Abstractions.VrrpState : int\n  Stop = 0\n  Backup = 1\n  Master = 2\n  Fault = 3\n"));
        Assert.That(text, Does.Contain("public static string ToKeepalivedName(this HaAppliance.Abstractions.VrrpState state)"));
        Assert.That(text, Does.Contain("public string? Detail { get; init; }"));
    }

    /// <summary>The test's source folder when the sources are here (a developer's tree), else the output folder.</summary>
    private static string SnapshotFolder([CallerFilePath] string sourceFile = "")
    {
        var source = Path.GetDirectoryName(sourceFile);
        return source is not null && File.Exists(Path.Combine(source, Approved)) ? source : TestContext.CurrentContext.TestDirectory;
    }

    private static string FirstDifference(string approved, string actual)
    {
        var a = approved.Split('\n');
        var b = actual.Split('\n');
        for (var i = 0; i < Math.Max(a.Length, b.Length); i++)
        {
            var left = i < a.Length ? a[i] : "(end)";
            var right = i < b.Length ? b[i] : "(end)";
            if (left != right)
            {
                return $"line {i + 1}: approved '{left}', received '{right}'";
            }
        }

        return "none";
    }
}
