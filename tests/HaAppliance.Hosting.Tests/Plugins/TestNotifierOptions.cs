namespace HaAppliance.Hosting.Tests.Plugins;

public sealed class TestNotifierOptions
{
    public string? Target { get; set; }
}
