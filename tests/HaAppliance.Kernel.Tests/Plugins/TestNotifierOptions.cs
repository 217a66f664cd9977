namespace HaAppliance.Kernel.Tests.Plugins;

public sealed class TestNotifierOptions
{
    public string? Target { get; set; }
}
