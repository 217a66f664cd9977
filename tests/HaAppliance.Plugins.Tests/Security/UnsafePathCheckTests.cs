using HaAppliance.Plugins.Shared.Security;

namespace HaAppliance.Plugins.Tests.Security;

/// <summary>Real files, owners, modes and symbolic links in a temporary folder; giving a folder away needs root.</summary>
[TestFixture]
public sealed class UnsafePathCheckTests
{
    private TempFolder? _dir;

    [SetUp]
    public void CreateFolder()
    {
        Requires.Root("only root can give a folder to another user");
        _dir = new TempFolder();
        File.SetUnixFileMode(_dir.Path, (UnixFileMode)Convert.ToInt32("755", 8));
    }

    [TearDown]
    public void DeleteFolder() => _dir?.Dispose();

    [Test]
    public void FindProblem_RootOwnedLinkToAFolderInsideAUserOwnedFolder_Refused()
    {
        // user/ belongs to nobody: nobody can rename user/scripts away and put their own notify.sh in its place.
        string user = Folder("user", owner: "65534:65534");
        string scripts = Folder("user/scripts");
        string script = _dir!.Script("user/scripts/notify.sh", "exit 0");
        string safe = Folder("safe");
        File.CreateSymbolicLink(Path.Combine(safe, "scripts"), scripts);

        string? problem = UnsafePathCheck.FindProblem(Path.Combine(safe, "scripts", "notify.sh"));

        Assert.That(problem, Does.StartWith($"{user} is owned by uid 65534, not root").And.Contain($"symbolic link {safe}/scripts"));
        Assert.That(UnsafePathCheck.FindProblem(script), Does.StartWith($"{user} is owned by uid 65534"), "the target as written, too");
    }

    [Test]
    public void FindProblem_LinkThroughASecondLinkInAUserOwnedFolder_Refused()
    {
        // The final target is root's, but the hop on the way lives where nobody can replace it.
        Folder("safe");
        string real = _dir!.Script("safe/real.sh", "exit 0");
        string user = Folder("user", owner: "65534:65534");
        File.CreateSymbolicLink(Path.Combine(user, "hop"), real);
        string link = Path.Combine(_dir.Path, "safe", "notify.sh");
        File.CreateSymbolicLink(link, Path.Combine(user, "hop"));

        Assert.That(UnsafePathCheck.FindProblem(link), Does.StartWith($"{user} is owned by uid 65534, not root"));
    }

    [Test]
    public void FindProblem_LinkToAFileInAnOtherWritableFolder_Refused()
    {
        string open = Folder("open");
        File.SetUnixFileMode(open, (UnixFileMode)Convert.ToInt32("777", 8));
        string target = _dir!.Script("open/notify.sh", "exit 0");
        string link = Path.Combine(Folder("safe"), "notify.sh");
        File.CreateSymbolicLink(link, target);

        Assert.That(UnsafePathCheck.FindProblem(link), Does.StartWith($"{open} is writable by others (mode 777)"));
    }

    [Test]
    public void FindProblem_RelativeLinkBetweenRootOnlyFiles_Accepted()
    {
        Folder("safe");
        _dir!.Script("safe/real.sh", "exit 0");
        string link = Path.Combine(_dir.Path, "safe", "notify.sh");
        File.CreateSymbolicLink(link, "real.sh");

        Assert.That(UnsafePathCheck.FindProblem(link), Is.Null);
    }

    private string Folder(string name, string? owner = null)
    {
        string path = Path.Combine(_dir!.Path, name);
        Directory.CreateDirectory(path);
        File.SetUnixFileMode(path, (UnixFileMode)Convert.ToInt32("755", 8));
        if (owner is not null)
        {
            using var chown = System.Diagnostics.Process.Start("chown", [owner, path]);
            chown.WaitForExit();
            Assert.That(chown.ExitCode, Is.Zero, $"chown {owner} {path}");
        }

        return path;
    }
}
