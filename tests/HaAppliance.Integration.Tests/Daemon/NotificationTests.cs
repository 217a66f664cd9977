using System.Diagnostics;
using System.Text.Json;
using HaAppliance.Integration.Tests.Harness;

namespace HaAppliance.Integration.Tests.Daemon;

/// <summary>
/// The daemon's notifications end to end: keepalived-style notify scripts run with keepalived's arguments, and a
/// webhook that is down while the daemon is killed with kill -9 still receives every event, in order, once the
/// daemon restarts on the same state folder and the receiver is back.
/// </summary>
[NonParallelizable]
public sealed class NotificationTests
{
    [SetUp]
    public void SetUp()
    {
        Requires.NetworkNamespaces("the daemon runs in a network namespace");
        Repo.RequireCli();
    }

    [Test]
    public void Webhook_DownWhileDaemonIsKilled_ReceivesEveryEventAfterRestart()
    {
        using var lab = NetworkLab.Create();
        var ns = lab.AddHost("n1", "192.0.2.1/24");
        var dir = Directory.CreateTempSubdirectory("haapp-notify-").FullName;
        var port = 18000 + Random.Shared.Next(0, 1000);
        var scriptLog = Path.Combine(dir, "notify.log");
        var script = Path.Combine(dir, "notify.sh");
        File.WriteAllText(script, $"#!/bin/sh\necho \"$@\" >> {scriptLog}\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var config = Path.Combine(dir, "haapp.yaml");
        File.WriteAllText(config, $$"""
            global:
              router_id: lb1
            notifiers:
              hook:
                type: webhook
                url: http://127.0.0.1:{{port}}/events
                timeout: 1s
            instances:
              VI_1:
                interface: eth0
                virtual_router_id: 51
                priority: 101
                advert_int: 1s
                virtual_ipaddress:
                  - 192.0.2.100/24
                notify: {{script}}
                notifiers:
                  - hook
            """);
        var daemonDir = Path.Combine(dir, "d");
        var stateDir = Path.Combine(daemonDir, "state");
        try
        {
            using (var first = VrrpDaemon.Start(Impl.Haapp, ns, daemonDir, config))
            {
                WaitFor(() => File.Exists(scriptLog) && File.ReadAllText(scriptLog).Contains("MASTER", StringComparison.Ordinal), 20, first);
                WaitFor(() => Directory.Exists(Path.Combine(stateDir, "outbox", "hook"))
                    && Directory.GetFiles(Path.Combine(stateDir, "outbox", "hook")).Length >= 2, 10, first);
                first.Kill(); // kill -9: nothing is flushed or cleaned up
            }

            var journaled = File.ReadAllLines(Path.Combine(stateDir, "transitions.jsonl"))
                .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("id").GetGuid()).ToList();
            Assert.That(journaled, Has.Count.GreaterThanOrEqualTo(2), "BACKUP (init) and MASTER were journaled");
            Assert.That(File.ReadAllLines(scriptLog), Is.EqualTo(new[] { "INSTANCE VI_1 BACKUP 101", "INSTANCE VI_1 MASTER 101" }),
                "keepalived's notify convention, in transition order");

            // The receiver comes up inside the namespace (its socket is created on a thread that entered it).
            using var receiver = WebhookReceiver.Start(ns, "127.0.0.1", port);
            using var second = VrrpDaemon.Start(Impl.Haapp, ns, daemonDir, config);
            WaitFor(() => journaled.All(receiver.Received.Contains), 20, second);
            var got = receiver.Received;

            Assert.That(got.Take(journaled.Count), Is.EqualTo(journaled), "every event of the killed run, in order, before the new run's");
            second.Stop();
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static void WaitFor(Func<bool> condition, int seconds, VrrpDaemon daemon)
    {
        if (!Eventually.Until(condition, TimeSpan.FromSeconds(seconds), TimeSpan.FromMilliseconds(50)))
        {
            Assert.Fail("timed out; daemon log:\n" + daemon.Log);
        }
    }
}
