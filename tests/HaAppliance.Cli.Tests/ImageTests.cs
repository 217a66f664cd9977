using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using static HaAppliance.Cli.Tests.NamespaceDaemon;

namespace HaAppliance.Cli.Tests;

/// <summary>
/// Builds the appliance image with packaging/image/build-image.sh (mmdebstrap from Debian's mirror plus the
/// test package) and uses it as it will be used: the root filesystem unpacked and its own /usr/bin/haapp run
/// chrooted (/proc, /sys, /dev bind-mounted in a private mount namespace) in a network namespace this test
/// creates, until it holds its VIP; the OCI archive checked digest by digest.
/// </summary>
[TestFixture]
[Category("Image")]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
[NonParallelizable]
public sealed class ImageTests
{
    private const string Vip = "192.0.2.100";
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(15);
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromMinutes(2);

    private DirectoryInfo? _temp;
    private string _rootfs = null!;
    private string _oci = null!;
    private string _root = null!;

    [OneTimeSetUp]
    public void BuildAndUnpack()
    {
        Requires.Root("mmdebstrap builds the image as root, and the test runs it chrooted in a network namespace");
        foreach (var tool in new[] { "ip", "unshare", "chroot", "tar" })
        {
            if (Requires.Which(tool) is null)
            {
                Skip($"{tool} is not installed");
            }
        }

        var mirror = Environment.GetEnvironmentVariable("HAAPP_MIRROR") is { Length: > 0 } m ? m : HostDebianMirror() ?? "";
        if (MirrorProblem(mirror) is { } problem)
        {
            Skip($"mmdebstrap cannot reach the Debian mirror {mirror}: {problem}");
        }

        var deb = TestPackage.Deb;
        _temp = Directory.CreateTempSubdirectory("haapp-image-");
        var output = Path.Combine(_temp.FullName, "out");
        var (exit, stdout, stderr) = PackageTool.Run("bash", [CheckTestSupport.Repo("packaging", "image", "build-image.sh"), output, "--deb", deb, "--mirror", mirror], BuildTimeout, CheckTestSupport.RepoRoot);
        Assert.That(exit, Is.Zero, $"build-image.sh failed:\n{stdout}\n{stderr}");
        var written = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        _rootfs = written.Single(l => l.EndsWith("haapp-rootfs.tar.gz", StringComparison.Ordinal));
        _oci = written.Single(l => l.EndsWith("haapp-oci.tar", StringComparison.Ordinal));
        TestContext.Progress.WriteLine($"image: {stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault()}");

        _root = Path.Combine(_temp.FullName, "root");
        Directory.CreateDirectory(_root);
        var untar = PackageTool.Run("tar", ["-xzf", _rootfs, "-C", _root, "--numeric-owner"], ToolTimeout);
        Assert.That(untar.Exit, Is.Zero, untar.Err);
    }

    [OneTimeTearDown]
    public void DeleteTemp()
    {
        if (_temp is not { Exists: true })
        {
            return;
        }

        // The chroot's bind mounts live in mount namespaces that ended with their processes; never delete
        // through a mount that is still there (that would delete the host's /dev or /sys).
        var mounted = File.ReadAllLines("/proc/self/mountinfo").Where(l => l.Contains(_temp.FullName, StringComparison.Ordinal)).ToList();
        Assert.That(mounted, Is.Empty, "mounts left below the image folder; not deleting it");
        _temp.Delete(recursive: true);
    }

    [Test]
    public void Rootfs_Appliance_SystemdHaappEnabledConfigAndNoDotnet()
    {
        Assert.Multiple(() =>
        {
            Assert.That(File.Exists(Path.Combine(_root, "lib/systemd/systemd")), Is.True, "systemd");
            Assert.That(new FileInfo(Path.Combine(_root, "sbin/init")).LinkTarget, Is.Not.Null, "/sbin/init (systemd-sysv) for booting the tree");
            Assert.That(File.Exists(Path.Combine(_root, "bin/ip")) || File.Exists(Path.Combine(_root, "sbin/ip")), Is.True, "iproute2");
            Assert.That(Directory.EnumerateFiles(Path.Combine(_root, "usr/lib/x86_64-linux-gnu"), "libpcap.so.0.8*").Any(), Is.True, "libpcap0.8");
            Assert.That(new FileInfo(Path.Combine(_root, "usr/bin/haapp")).LinkTarget, Is.EqualTo("../lib/haapp/haapp"));
            Assert.That(File.Exists(Path.Combine(_root, "usr/bin/dotnet")), Is.False, "the package brings its own runtime");
            Assert.That(new FileInfo(Path.Combine(_root, "etc/systemd/system/multi-user.target.wants/haapp.service")).LinkTarget, Does.EndWith("/haapp.service"), "haapp enabled");
            Assert.That(new FileInfo(Path.Combine(_root, "etc/systemd/system/multi-user.target.wants/haapp-site.service")).LinkTarget, Does.EndWith("/haapp-site.service"), "site rendering enabled");
            var config = Path.Combine(_root, "etc/haapp/haapp.yaml");
            Assert.That(File.Exists(config), Is.True);
            Assert.That(File.GetUnixFileMode(config), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
        });
    }

    [Test]
    public void Rootfs_SiteUnit_OrderedBeforeHaappAndConditionalOnTheSiteFile()
    {
        var unit = File.ReadAllLines(Path.Combine(_root, "etc/systemd/system/haapp-site.service"));
        Assert.That(unit, Does.Contain("Type=oneshot"));
        Assert.That(unit, Does.Contain("Before=haapp.service"));
        Assert.That(unit, Does.Contain("ConditionPathExists=/etc/haapp/site.yaml"));
    }

    [Test]
    public void Rootfs_SiteUnitCommandsChrooted_RenderTheConfigFromTheSiteFile()
    {
        File.Copy(CheckTestSupport.Repo("etc", "sites", "site-b.yaml"), Path.Combine(_root, "etc/haapp/site.yaml"), overwrite: true);
        var config = Path.Combine(_root, "etc/haapp/haapp.yaml");
        var before = File.ReadAllText(config);
        try
        {
            var commands = File.ReadAllLines(Path.Combine(_root, "etc/systemd/system/haapp-site.service"))
                .Where(l => l.StartsWith("ExecStart=", StringComparison.Ordinal))
                .Select(l => l["ExecStart=".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries))
                .ToList();
            Assert.That(commands, Is.Not.Empty);
            foreach (var command in commands)
            {
                var (exit, stdout, stderr) = RunChrooted(null, command);
                Assert.That(exit, Is.Zero, $"{string.Join(' ', command)}:\n{stdout}\n{stderr}");
            }

            var rendered = File.ReadAllText(config);
            Assert.That(rendered, Is.Not.EqualTo(before));
            Assert.That(rendered, Does.Contain("web-b1"), "site-b's node name");
        }
        finally
        {
            File.Delete(Path.Combine(_root, "etc/haapp/site.yaml"));
            File.WriteAllText(config, before);
            File.SetUnixFileMode(config, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    [Test]
    public void Rootfs_ChrootedDaemonInNetworkNamespace_TakesVipAndReleasesItOnSigterm()
    {
        var ns = "hi-" + Guid.NewGuid().ToString("N")[..8];
        var config = Path.Combine(_root, "etc/haapp/netns-test.yaml");
        File.WriteAllText(config, NetlinkConfig("imagetest", Vip));
        var log = new StringBuilder();
        Process? daemon = null;
        Ip("netns", "add", ns);
        try
        {
            Ip("-n", ns, "link", "set", "lo", "up");
            Ip("-n", ns, "link", "add", "eth0", "type", "veth", "peer", "name", "peer0");
            Ip("-n", ns, "addr", "add", "192.0.2.11/24", "dev", "eth0");
            Ip("-n", ns, "link", "set", "eth0", "up");
            Ip("-n", ns, "link", "set", "peer0", "up");

            daemon = Process.Start(Chrooted(ns, ["/usr/bin/haapp", "run", "-c", "/etc/haapp/netns-test.yaml", "--state-dir", "/var/lib/haapp", "--control-socket", "/run/haapp.sock"]))!;
            daemon.OutputDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
            daemon.ErrorDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
            daemon.BeginOutputReadLine();
            daemon.BeginErrorReadLine();

            var master = WaitUntil(() => HasVip(ns) && Text(log).Contains("(VI_1) Entering MASTER STATE", StringComparison.Ordinal), daemon);
            Assert.That(master, Is.True, $"no MASTER with {Vip} on eth0; daemon output:\n{Text(log)}");
            // The image has libpcap0.8: announcements work, so no warning about it.
            Assert.That(Text(log), Does.Not.Contain("libpcap"));

            // ip netns exec, unshare, sh and chroot all exec: this pid is the daemon's.
            AssertStopsOnSigterm(daemon, log, ns, Vip);
        }
        finally
        {
            StopAndDelete(daemon, ns);
            File.Delete(config);
        }
    }

    [Test]
    public void Oci_Layout_IndexManifestConfigAndLayerDigestsMatchTheirBlobs()
    {
        var layout = ExtractOci();
        Assert.That(JsonDocument.Parse(File.ReadAllText(Path.Combine(layout, "oci-layout"))).RootElement.GetProperty("imageLayoutVersion").GetString(), Is.EqualTo("1.0.0"));
        using var index = JsonDocument.Parse(File.ReadAllText(Path.Combine(layout, "index.json")));
        var descriptor = index.RootElement.GetProperty("manifests").EnumerateArray().Single();
        Assert.That(descriptor.GetProperty("mediaType").GetString(), Is.EqualTo("application/vnd.oci.image.manifest.v1+json"));
        using var manifest = JsonDocument.Parse(Blob(layout, descriptor));
        var config = manifest.RootElement.GetProperty("config");
        Assert.That(config.GetProperty("mediaType").GetString(), Is.EqualTo("application/vnd.oci.image.config.v1+json"));
        using var configJson = JsonDocument.Parse(Blob(layout, config));
        var layer = manifest.RootElement.GetProperty("layers").EnumerateArray().Single();
        Assert.That(layer.GetProperty("mediaType").GetString(), Is.EqualTo("application/vnd.oci.image.layer.v1.tar+gzip"));
        var layerBytes = Blob(layout, layer);

        // diff_id: the digest of the uncompressed layer (OCI image spec, config.md).
        using var gunzip = new GZipStream(new MemoryStream(layerBytes), CompressionMode.Decompress);
        using var sha = SHA256.Create();
        var diffId = "sha256:" + Convert.ToHexStringLower(sha.ComputeHash(gunzip));
        Assert.That(configJson.RootElement.GetProperty("rootfs").GetProperty("diff_ids").EnumerateArray().Select(d => d.GetString()), Is.EqualTo(new[] { diffId }));
        Assert.That(Convert.ToHexStringLower(SHA256.HashData(layerBytes)), Is.EqualTo(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(_rootfs)))), "the layer is the root filesystem tarball");
    }

    [Test]
    public void Oci_Config_EntrypointRunsTheDaemonOnTheImageConfig()
    {
        var layout = ExtractOci();
        using var index = JsonDocument.Parse(File.ReadAllText(Path.Combine(layout, "index.json")));
        var descriptor = index.RootElement.GetProperty("manifests")[0];
        Assert.That(descriptor.GetProperty("annotations").GetProperty("org.opencontainers.image.ref.name").GetString(), Does.StartWith("haapp:"));
        using var manifest = JsonDocument.Parse(Blob(layout, descriptor));
        using var config = JsonDocument.Parse(Blob(layout, manifest.RootElement.GetProperty("config")));
        Assert.That(config.RootElement.GetProperty("architecture").GetString(), Is.EqualTo("amd64"));
        Assert.That(config.RootElement.GetProperty("os").GetString(), Is.EqualTo("linux"));
        var entrypoint = config.RootElement.GetProperty("config").GetProperty("Entrypoint").EnumerateArray().Select(e => e.GetString()).ToArray();
        Assert.That(entrypoint, Is.EqualTo(new[] { "/usr/bin/haapp", "run", "-c", "/etc/haapp/haapp.yaml" }));
    }

    /// <summary>The OCI archive unpacked into a fresh folder (once per test that asks).</summary>
    private string ExtractOci()
    {
        var layout = Path.Combine(_temp!.FullName, "oci-" + Guid.NewGuid().ToString("N")[..6]);
        Directory.CreateDirectory(layout);
        TarFile.ExtractToDirectory(_oci, layout, overwriteFiles: false);
        return layout;
    }

    /// <summary>The blob a descriptor names, after checking that its digest and size are the blob's.</summary>
    private static byte[] Blob(string layout, JsonElement descriptor)
    {
        var digest = descriptor.GetProperty("digest").GetString()!;
        Assert.That(digest, Does.Match("^sha256:[0-9a-f]{64}$"));
        var path = Path.Combine(layout, "blobs", "sha256", digest["sha256:".Length..]);
        Assert.That(File.Exists(path), Is.True, $"no blob for {digest}");
        var bytes = File.ReadAllBytes(path);
        Assert.That("sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes)), Is.EqualTo(digest), path);
        Assert.That(bytes.LongLength, Is.EqualTo(descriptor.GetProperty("size").GetInt64()), $"size of {digest}");
        return bytes;
    }

    /// <summary>
    /// A command run inside the unpacked tree: a private mount namespace (nothing propagates back) with /proc,
    /// /sys and /dev bound into it, then chroot; in network namespace <paramref name="netns"/> when given.
    /// </summary>
    private ProcessStartInfo Chrooted(string? netns, string[] command)
    {
        var start = new ProcessStartInfo(netns is null ? "unshare" : "ip") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        var args = new List<string>();
        if (netns is not null)
        {
            args.AddRange(["netns", "exec", netns, "unshare"]);
        }

        args.AddRange(["--mount", "--propagation", "private", "sh", "-ec",
            """for d in proc sys dev; do mount --rbind "/$d" "$0/$d"; done; exec chroot "$0" "$@" """, _root]);
        args.AddRange(command);
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        return start;
    }

    private (int Exit, string Out, string Err) RunChrooted(string? netns, string[] command)
    {
        using var process = Process.Start(Chrooted(netns, command))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(ToolTimeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{string.Join(' ', command)} did not finish within {ToolTimeout}");
        }

        process.WaitForExit();
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>The Debian mirror this host's apt uses (what build-image.sh defaults to), or null.</summary>
    private static string? HostDebianMirror()
    {
        var files = Directory.Exists("/etc/apt/sources.list.d") ? Directory.GetFiles("/etc/apt/sources.list.d") : [];
        foreach (var file in files.Append("/etc/apt/sources.list").Where(File.Exists))
        {
            foreach (var line in File.ReadLines(file))
            {
                var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var uri = words is ["URIs:", var u, ..] && file.EndsWith(".sources", StringComparison.Ordinal) ? u
                    : words is ["deb", var d, ..] && !d.StartsWith('[') ? d : null;
                if (uri is not null && uri.TrimEnd('/').EndsWith("/debian", StringComparison.Ordinal))
                {
                    return uri;
                }
            }
        }

        return null;
    }

    /// <summary>Null when the mirror answers for bookworm, else why not.</summary>
    private static string? MirrorProblem(string mirror)
    {
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
            using var request = new HttpRequestMessage(HttpMethod.Head, mirror.TrimEnd('/') + "/dists/bookworm/InRelease");
            using var response = http.Send(request);
            return response.IsSuccessStatusCode ? null : $"HTTP {(int)response.StatusCode}";
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or InvalidOperationException)
        {
            return ex.Message;
        }
    }

    /// <summary>Skips with <paramref name="reason"/>, except under CI=true, where a skip would hide a missing image test.</summary>
    private static void Skip(string reason) => Requires.That(false, reason);
}
