using System.Diagnostics;
using HaAppliance.Hosting.Plugins;

namespace HaAppliance.Cli.Tests;

/// <summary>
/// <c>haapp check</c> validates plugin type names against the plugins that actually load: the <c>plugins/</c>
/// folder beside the binary and the config's <c>plugin_folders</c>; the built-in list only when none load.
/// The third-party plugin is tests/SamplePlugin (health check type <c>sample_marker</c>), built as its author would.
/// </summary>
[NonParallelizable]
public sealed class CheckPluginTypesTests
{
    private string _dir = "";
    private string _samplePlugins = "";

    [OneTimeSetUp]
    public void BuildSamplePlugin()
    {
        _dir = Directory.CreateTempSubdirectory("haapp-checkplugins-").FullName;
        // A drop-in folder holds one subfolder per plugin.
        _samplePlugins = Path.Combine(_dir, "plugins");
        Run("dotnet", Path.GetTempPath(), "build", CheckTestSupport.Repo("tests", "SamplePlugin", "SamplePlugin.csproj"), "-c", "Release",
            "-o", Path.Combine(_samplePlugins, "Sample"), "-nologo", "-v", "quiet");
    }

    [OneTimeTearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void Check_NoPluginsBesideBinary_FallsBackToBuiltInTypesAndListsThem()
    {
        // The test's own output folder has no plugins/ subfolder: the bare-build case.
        Assert.That(Directory.Exists(PluginCatalog.DefaultFolder), Is.False, "precondition: no plugins beside the test binary");
        var path = Write("unknown.yaml", Config("sample_marker"));

        var (exit, output, error) = CheckTestSupport.Run("check", "-c", path);

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(output, Is.Empty);
        Assert.That(error, Does.Contain($"{path}:3:11: error: check 'chk' has unknown type 'sample_marker'"));
        Assert.That(error, Does.Contain("known types: file, http, process, script"));
    }

    [Test]
    public void Check_NoPluginsBesideBinary_SummarySaysBuiltInList()
    {
        var (exit, output, error) = CheckTestSupport.Run("check", "-c", Write("ok.yaml", Config("script")));

        Assert.That(exit, Is.EqualTo(0), error);
        Assert.That(output, Does.Contain("plugin types: built-in list"));
    }

    [Test]
    public void Check_PluginFolderFromConfig_AcceptsThePluginsTypeAndListsIt()
    {
        var path = Write("sample.yaml", $"plugin_folders: [{_samplePlugins}]\n" + Config("sample_marker"));
        using var catalog = new PluginCatalog();

        // Beside the binary: only the sample plugin's folder (no netlink/ip backends, no script check).
        var (result, pluginError) = CheckCommand.Load(catalog, Path.Combine(_dir, "nothing-here"), path, null, new Dictionary<string, string>());

        Assert.That(pluginError, Is.Null);
        Assert.That(result.Errors.Select(e => e.ToString()), Has.None.Contains("sample_marker"));
        Assert.That(catalog.TypesOf(PluginKind.HealthCheck), Is.EqualTo(new[] { "sample_marker" }));
    }

    [Test]
    public void Check_PluginsLoaded_BuiltInTypeNotLoadedIsUnknownAndErrorListsLoadedTypes()
    {
        // Only the sample plugin loads: 'script' is in the built-in list but no loaded plugin provides it,
        // so haapp run could not create it; check must say so rather than pass.
        var path = Write("script.yaml", Config("script"));
        using var catalog = new PluginCatalog();

        var (result, pluginError) = CheckCommand.Load(catalog, _samplePlugins, path, null, new Dictionary<string, string>());

        Assert.That(pluginError, Is.Null);
        Assert.That(result.Ok, Is.False);
        Assert.That(result.Errors.Select(e => e.ToString()),
            Has.One.EqualTo($"{path}:3:11: error: check 'chk' has unknown type 'script'; known types: sample_marker"));
    }

    [Test]
    public void Check_MissingPluginFolder_WarnsAtItsLine()
    {
        var path = Write("missing.yaml", "plugin_folders:\n  - no-such-plugins\n" + Config("script"));

        var (exit, _, error) = CheckTestSupport.Run("check", "-c", path);

        Assert.That(exit, Is.EqualTo(0), error);
        Assert.That(error, Does.StartWith($"{path}:2:5: warning: plugin folder 'no-such-plugins' does not exist"));
    }

    [Test]
    public void Check_ShippedBinaryWithItsPlugins_ListsLoadedTypesAndAcceptsDropInFolder()
    {
        // The CLI as ./haapp builds it (test.sh runs it first): plugins/ beside haapp.dll.
        var dll = Path.Combine(CheckTestSupport.RepoRoot, ".build", "haapp", "haapp.dll");
        if (!File.Exists(dll))
        {
            Run(CheckTestSupport.Repo("haapp"), CheckTestSupport.RepoRoot, "version");
        }

        var unknown = Write("shipped-unknown.yaml", Config("sample_marker"));
        var withFolder = Write("shipped-sample.yaml", $"plugin_folders: [{_samplePlugins}]\n" + Config("sample_marker"));

        var (exit1, out1, err1) = Run("dotnet", _dir, dll, "check", "-c", unknown);
        var (exit2, out2, err2) = Run("dotnet", _dir, dll, "check", "-c", withFolder);

        Assert.That(exit1, Is.EqualTo(1), out1);
        Assert.That(err1, Does.Contain("has unknown type 'sample_marker'; known types: file, http, process, script"));
        Assert.That(exit2, Is.EqualTo(0), err2);
        Assert.That(out2, Does.Contain("plugin types from 8 plugins: checks file,http,process,sample_marker,script; notifiers email,webhook; vip backends ip,netlink"));
    }

    private static string Config(string checkType) =>
        $"""
        checks:
          chk:
            type: {checkType}
            {(checkType == "script" ? "command: /bin/true" : "marker_path: /tmp/marker")}
        instances:
          VI_1:
            interface: eth0
            virtual_router_id: 51
            priority: 100
            virtual_ipaddress: [192.0.2.100/24]
            track_script: [chk]

        """;

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static (int Exit, string Out, string Err) Run(string file, string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(10)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{file} {string.Join(' ', args)} did not finish");
        }

        if (file != "dotnet" || args[0] == "build")
        {
            Assert.That(process.ExitCode, Is.EqualTo(0), $"{file} {string.Join(' ', args)}:\n{stdout.Result}\n{stderr.Result}");
        }

        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
