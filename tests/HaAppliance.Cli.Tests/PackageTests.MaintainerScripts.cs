namespace HaAppliance.Cli.Tests;

/// <summary>
/// The maintainer scripts run for real, as root, in a private mount namespace whose /var/lib and /run are fresh
/// tmpfs (so the host is untouched) with /run/systemd/system present, as on a systemd host; a stub systemctl
/// on PATH records what they ask of systemd.
/// </summary>
public sealed partial class PackageTests
{
    [Test]
    public void Postinst_FreshInstall_CreatesStateFolderAndReloadsSystemdWithoutStarting()
    {
        var (calls, output) = RunMaintainerScript("""
            sh "$CONTROL/postinst" configure ""
            stat -c 'state %a %U:%G' /var/lib/haapp
            """);
        Assert.That(calls, Is.EqualTo(new[] { "daemon-reload" }));
        Assert.That(output, Does.Contain("state 750 root:root"));
        Assert.That(output, Does.Contain("not started"));
    }

    [Test]
    public void Postinst_Upgrade_TryRestartsTheService()
    {
        var (calls, output) = RunMaintainerScript("""
            sh "$CONTROL/postinst" configure 0.0.1
            """);
        Assert.That(calls, Is.EqualTo(new[] { "daemon-reload", "try-restart haapp.service" }));
        Assert.That(output, Does.Not.Contain("not started"));
    }

    [Test]
    public void Prerm_Remove_StopsAndDisablesTheService()
    {
        var (calls, _) = RunMaintainerScript("""sh "$CONTROL/prerm" remove""");
        Assert.That(calls, Is.EqualTo(new[] { "stop haapp.service", "disable haapp.service" }));
    }

    [Test]
    public void Prerm_Upgrade_LeavesTheRunningDaemonAlone()
    {
        var (calls, _) = RunMaintainerScript("""sh "$CONTROL/prerm" upgrade 9.9.9""");
        Assert.That(calls, Is.Empty);
    }

    [Test]
    public void Postrm_PurgeAndRemove_PurgeDeletesStateRemoveKeepsIt()
    {
        var (calls, output) = RunMaintainerScript("""
            mkdir -p /var/lib/haapp && touch /var/lib/haapp/outbox
            sh "$CONTROL/postrm" remove
            [ -e /var/lib/haapp/outbox ] && echo "after remove: kept"
            sh "$CONTROL/postrm" purge
            [ -e /var/lib/haapp ] || echo "after purge: gone"
            """);
        Assert.That(calls, Is.EqualTo(new[] { "daemon-reload", "daemon-reload" }));
        Assert.That(output, Does.Contain("after remove: kept").And.Contain("after purge: gone"));
    }

    [Test]
    public void MaintainerScripts_UnknownAction_Fail()
    {
        var (_, output) = RunMaintainerScript("""
            for s in postinst prerm postrm; do sh "$CONTROL/$s" bogus-action && echo "$s accepted"; done; true
            """);
        Assert.That(output, Does.Not.Contain("accepted"));
        Assert.That(output, Does.Contain("unknown argument 'bogus-action'"));
    }

    /// <summary>Runs <paramref name="body"/> with the package's control files in $CONTROL; returns the systemctl calls and all output.</summary>
    private (string[] Calls, string Output) RunMaintainerScript(string body)
    {
        Requires.NetworkNamespaces("the maintainer scripts run under unshare, as root");
        Requires.Tool("unshare", "the maintainer scripts run in a private mount namespace (apt-get install util-linux)", requiredOnCi: false);

        var work = Directory.CreateTempSubdirectory("haapp-maint-");
        try
        {
            var control = Path.Combine(work.FullName, "control");
            var extract = PackageTool.Run("dpkg-deb", ["-e", _deb, control], ToolTimeout);
            Assert.That(extract.Exit, Is.Zero, extract.Err);
            var bin = Directory.CreateDirectory(Path.Combine(work.FullName, "bin")).FullName;
            var calls = Path.Combine(work.FullName, "systemctl.calls");
            File.WriteAllText(calls, "");
            var stub = Path.Combine(bin, "systemctl");
            File.WriteAllText(stub, """
                #!/bin/sh
                echo "$*" >> "$SYSTEMCTL_CALLS"
                if [ "$1" = is-active ]; then [ -n "${SYSTEMCTL_ACTIVE:-}" ]; exit $?; fi
                exit 0
                """);
            var script = $"""
                set -e
                chmod 0755 '{stub}'
                mount -t tmpfs tmpfs /var/lib
                mount -t tmpfs tmpfs /run
                mkdir -p /run/systemd/system
                export CONTROL='{control}' SYSTEMCTL_CALLS='{calls}' PATH='{bin}':"$PATH"
                {body}
                """;
            var (exit, stdout, stderr) = PackageTool.Run("unshare", ["--mount", "--propagation", "private", "sh", "-c", script], ToolTimeout);
            Assert.That(exit, Is.Zero, $"{stdout}\n{stderr}");
            var recorded = File.ReadAllLines(calls).Where(l => l.Length > 0).ToArray();
            return (recorded, stdout + stderr);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }
}
