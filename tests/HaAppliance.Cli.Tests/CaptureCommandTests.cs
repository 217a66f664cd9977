using System.Diagnostics;

namespace HaAppliance.Cli.Tests;

/// <summary>Runs the real <c>haapp</c> binary as operators do and compares with tcpdump.</summary>
public sealed class CaptureCommandTests
{
    private static readonly string TestData = FindTestData();

    [TestCase("", "vrrp.out")]
    [TestCase("-v", "vrrp-v.out")]
    public void Capture_ReadTcpdumpCorpus_PrintsTcpdumpsLinesAndExits0(string flag, string expectedFile)
    {
        string[] args = flag.Length == 0
            ? ["capture", "--read", Path.Combine(TestData, "vrrp.pcap")]
            : ["capture", "--read", Path.Combine(TestData, "vrrp.pcap"), flag];
        (int exit, string stdout, string stderr) = RunHaapp(args);
        Assert.That(exit, Is.EqualTo(0), stderr);
        Assert.That(stdout, Is.EqualTo(File.ReadAllText(Path.Combine(TestData, expectedFile))));
        Assert.That(stderr, Does.Contain("165 VRRP packets (0 rejected)"));
    }

    [Test]
    public void Capture_ReadKeepalivedCorpus_MatchesInstalledTcpdump()
    {
        string file = Path.Combine(TestData, "keepalived-2.2.7.pcap");
        var tcpdump = Requires.Tool("tcpdump", "our capture view is compared with tcpdump's (apt-get install tcpdump)");

        var start = new ProcessStartInfo(tcpdump) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in new[] { "-#", "-n", "-tttt", "-r", file })
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["TZ"] = "UTC";
        (int tcpdumpExit, string tcpdumpOut, _) = Run(start);
        Assert.That(tcpdumpExit, Is.EqualTo(0));
        string expected = string.Concat(tcpdumpOut.Split('\n').Where(l => l.Contains(": VRRPv", StringComparison.Ordinal)).Select(l => l + "\n"));

        (int exit, string stdout, string stderr) = RunHaapp(["capture", "-r", file]);
        Assert.That(exit, Is.EqualTo(0), stderr);
        Assert.That(stdout, Is.EqualTo(expected));
        Assert.That(stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries), Has.Length.EqualTo(32));
    }

    [Test]
    public void Capture_MalformedCorpus_PrintsReasonsAndExits0()
    {
        (int exit, string stdout, string stderr) = RunHaapp(["capture", "--read", Path.Combine(TestData, "vrrp-vrrp_print-oobr-2.pcap")]);
        Assert.That(exit, Is.EqualTo(0), stderr);
        string[] lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(10));
        Assert.That(lines, Has.All.Match(@"\[(truncated|ttl \d+)\]$"));
        Assert.That(stderr, Does.Contain("10 VRRP packets (10 rejected)"));
    }

    [Test]
    public void Capture_MissingFile_Exits1NamingTheFile()
    {
        string path = Path.Combine(Path.GetTempPath(), $"ha-{Guid.NewGuid():N}.pcap");
        (int exit, string stdout, string stderr) = RunHaapp(["capture", "--read", path]);
        Assert.That(exit, Is.EqualTo(1));
        Assert.That(stdout, Is.Empty);
        Assert.That(stderr, Does.Contain(path).And.Contain("cannot read"));
    }

    [Test]
    public void Capture_NotACaptureFile_Exits1WithOffset()
    {
        string path = Path.Combine(Path.GetTempPath(), $"ha-{Guid.NewGuid():N}.pcap");
        try
        {
            File.WriteAllText(path, "this is not a capture file");
            (int exit, _, string stderr) = RunHaapp(["capture", "--read", path]);
            Assert.That(exit, Is.EqualTo(1));
            Assert.That(stderr, Does.Contain($"{path}: offset 0: not a pcap or pcapng file"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void Capture_ReadWithCount_PrintsTheFirstCountPacketsAsTcpdump()
    {
        (int exit, string stdout, string stderr) = RunHaapp(["capture", "--read", Path.Combine(TestData, "vrrp.pcap"), "-c", "7"]);
        Assert.That(exit, Is.EqualTo(0), stderr);
        string[] expected = File.ReadAllLines(Path.Combine(TestData, "vrrp.out"));
        Assert.That(stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries), Is.EqualTo(expected.Take(7)));
        Assert.That(stderr, Does.Contain("7 VRRP packets (0 rejected)"));
    }

    [Test]
    public void Capture_NeitherReadNorInterface_Exits1AskingForOne()
    {
        (int exit, _, string stderr) = RunHaapp(["capture"]);
        Assert.That(exit, Is.EqualTo(1));
        Assert.That(stderr, Does.Contain("give either --read FILE or -i IF"));
    }

    [Test]
    public void Capture_ReadAndInterfaceTogether_Exits1()
    {
        (int exit, string stdout, string stderr) = RunHaapp(["capture", "--read", Path.Combine(TestData, "vrrp.pcap"), "-i", "lo"]);
        Assert.That(exit, Is.EqualTo(1));
        Assert.That(stdout, Is.Empty);
        Assert.That(stderr, Does.Contain("give either --read FILE or -i IF"));
    }

    [Test]
    public void Capture_UnknownInterface_Exits1NamingItAndListingTheKnownOnes()
    {
        string name = $"ha{Guid.NewGuid():N}"[..15];
        (int exit, string stdout, string stderr) = RunHaapp(["capture", "-i", name, "-c", "1", "--timeout", "1"]);
        Assert.That(exit, Is.EqualTo(1));
        Assert.That(stdout, Is.Empty);
        // Without libpcap the message names the interface and libpcap instead; both name the interface.
        Assert.That(stderr, Does.Contain($"'{name}'"));
        Assert.That(stderr, Does.Contain("no interface").And.Contain("libpcap lists: ").And.Contain("lo").Or.Contain("libpcap is not available"));
    }

    [TestCase("-c", "0", "the count must be at least 1")]
    [TestCase("-c", "-5", "the count must be at least 1")]
    [TestCase("--timeout", "0", "give a positive number of seconds")]
    [TestCase("--timeout", "NaN", "give a positive number of seconds")]
    public void Capture_BadLiveLimit_Exits1BeforeOpeningTheInterface(string option, string value, string message)
    {
        (int exit, _, string stderr) = RunHaapp(["capture", "-i", "lo", option, value]);
        Assert.That(exit, Is.EqualTo(1));
        Assert.That(stderr, Does.Contain($"{option} {value}: {message}"));
        Assert.That(stderr, Does.Not.Contain("listening on"));
    }

    private static (int Exit, string Stdout, string Stderr) RunHaapp(string[] args)
    {
        string dll = Path.Combine(TestContext.CurrentContext.TestDirectory, "haapp.dll");
        Assert.That(File.Exists(dll), Is.True, dll);
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(dll);
        foreach (string a in args)
        {
            start.ArgumentList.Add(a);
        }

        return Run(start);
    }

    private static (int Exit, string Stdout, string Stderr) Run(ProcessStartInfo start)
    {
        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill();
            Assert.Fail($"{start.FileName} did not exit within 2 minutes");
        }

        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    private static string FindTestData()
    {
        for (DirectoryInfo? d = new(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            string candidate = Path.Combine(d.FullName, "tests", "testdata", "vrrp");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("tests/testdata/vrrp not found above " + AppContext.BaseDirectory);
    }
}
