using System.Diagnostics;

namespace HaAppliance.Hosting.Tests.Plugins;

/// <summary>Builds tests/SamplePlugin into a drop-in folder, as a third party would ship it.</summary>
internal static class SamplePluginBuild
{
    public static void Into(string outputFolder)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { "build", Path.Combine(RepositoryPaths.Root, "tests", "SamplePlugin", "SamplePlugin.csproj"), "-c", "Release", "-o", outputFolder, "-nologo", "-v", "quiet" })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            Assert.Fail($"building the sample plugin failed ({process.ExitCode}):\n{stdout.Result}\n{stderr.Result}");
        }
    }
}
