using HaAppliance.Notifications;
using HaAppliance.Plugins.Webhook;

namespace HaAppliance.Plugins.Notify.Tests.Outbox;

/// <summary>
/// Entry point of this assembly when run as a process (<c>dotnet HaAppliance.Plugins.Notify.Tests.dll
/// outbox-crash-helper DIR COUNT URL</c>): publishes COUNT events to a webhook that is down, waits until
/// they are in the outbox, prints READY and waits to be killed with SIGKILL by the crash test.
/// </summary>
public static class CrashHelper
{
    public const string Verb = "outbox-crash-helper";

    public static async Task<int> Main(string[] args)
    {
        if (args.Length != 4 || args[0] != Verb)
        {
            await Console.Error.WriteLineAsync($"usage: {Verb} STATE_DIR COUNT URL");
            return 2;
        }

        var count = int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture);
        var dispatcher = new NotificationDispatcher(args[1], [new NotificationTarget("hook", new WebhookNotifier(new WebhookNotifierOptions { Url = args[3] }))]);
        dispatcher.Start();
        for (var i = 1; i <= count; i++)
        {
            dispatcher.Publish(StateChanges.Make(reason: $"crash {i}"));
        }

        await dispatcher.FlushAsync();
        Console.WriteLine("READY");
        Console.Out.Flush();
        await Task.Delay(Timeout.Infinite);
        return 0;
    }
}
