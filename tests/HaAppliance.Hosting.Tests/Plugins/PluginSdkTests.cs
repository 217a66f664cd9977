using HaAppliance.Abstractions;
using HaAppliance.Hosting.Plugins;

namespace HaAppliance.Hosting.Tests.Plugins;

/// <summary>The SDK versioning rule: same major, minor up to the host's; the version read from metadata without loading.</summary>
public sealed class PluginSdkTests
{
    private static Version Host => PluginSdk.HostAssemblyVersion;

    [Test]
    public void HostAssemblyVersion_IsMajorMinorWithoutPatch()
    {
        Assert.That(Host.Build, Is.Zero);
        Assert.That(Host.Revision, Is.Zero);
        Assert.That(PluginSdk.HostVersion, Does.StartWith($"{Host.Major}.{Host.Minor}."));
    }

    [Test]
    public void Incompatibility_SameMajorAndMinor_Null() =>
        Assert.That(PluginSdk.Incompatibility(new Version(Host.Major, Host.Minor, 0, 0)), Is.Null);

    [Test]
    public void Incompatibility_OlderMinorOfSameMajor_Null()
    {
        var host = new Version(1, 3, 0, 0);
        Assert.That(PluginSdk.Incompatibility(new Version(1, 0, 0, 0), host), Is.Null);
    }

    [Test]
    public void Incompatibility_NewerMinor_SaysSo() =>
        Assert.That(PluginSdk.Incompatibility(new Version(Host.Major, Host.Minor + 1, 0, 0)), Is.EqualTo("a newer minor version than this host's"));

    [Test]
    public void Incompatibility_OtherMajor_SaysSo()
    {
        Assert.That(PluginSdk.Incompatibility(new Version(Host.Major + 1, 0, 0, 0)), Is.EqualTo("another major version"));
        Assert.That(PluginSdk.Incompatibility(new Version(Host.Major - 1, 9, 0, 0)), Is.EqualTo("another major version"));
    }

    [Test]
    public void ReadReference_AssemblyReferencingTheSdk_ReturnsTheReferencedVersion()
    {
        // This test assembly references the SDK (TestPlugin implements IHaPlugin); read it without loading it again.
        var path = typeof(PluginSdkTests).Assembly.Location;

        Assert.That(PluginSdk.ReadReference(path), Is.EqualTo(typeof(IHaPlugin).Assembly.GetName().Version));
    }

    [Test]
    public void ReadReference_AssemblyNotReferencingTheSdk_Null() =>
        Assert.That(PluginSdk.ReadReference(typeof(object).Assembly.Location), Is.Null);

    [Test]
    public void ReadReference_NotAnAssembly_Null()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "not a PE file");
            Assert.That(PluginSdk.ReadReference(path), Is.Null);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void RefusalMessage_NamesBothVersionsAndThePath()
    {
        var message = PluginSdk.RefusalMessage("Acme", "/p/Acme/Acme.dll", new Version(Host.Major + 1, 0, 0, 0));

        Assert.That(message, Is.EqualTo(
            $"plugin Acme: refused: built for plugin SDK {Host.Major + 1}.0 (another major version), this host has SDK {PluginSdk.HostVersion} " +
            $"and loads plugins built for SDK {Host.Major}.0 to {Host.Major}.{Host.Minor}: /p/Acme/Acme.dll"));
    }
}
