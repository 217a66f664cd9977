using System.CommandLine;

namespace HaAppliance.Cli;

/// <summary>Every subcommand of haapp; each lives in its own file as a static <c>Create()</c>.</summary>
internal static class Commands
{
    public static IEnumerable<Command> All()
    {
        yield return DemoCommand.Create();
        yield return VersionCommand.Create();
        yield return CaptureCommand.Create();
        yield return CheckCommand.Create();
        yield return RenderCommand.Create();
        yield return RunCommand.Create();
        yield return ControlCommands.Status();
        yield return ControlCommands.Reload();
        yield return ConvertCommand.Create();
        yield return PluginsCommand.Create();
        yield return EventsCommand.Create();
        yield return SiteCommand.Create();
    }
}
