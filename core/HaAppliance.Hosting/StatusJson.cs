using System.Globalization;
using System.Text;
using System.Text.Json;
using HaAppliance.Vrrp;
using HaAppliance.Vrrp.Router;

namespace HaAppliance.Hosting;

/// <summary>
/// <c>haapp status --json</c>: the engine's snapshot as one JSON document, for scripts and monitoring. The schema is
/// documented in docs/operations.md; names are snake_case and stable; states use keepalived's words.
/// </summary>
public static class StatusJson
{
    /// <summary>keepalived's name of a state (INIT, BACKUP, MASTER, FAULT), as its logs and exporters say it.</summary>
    public static string StateName(RouterState state) => state switch
    {
        RouterState.Master => "MASTER",
        RouterState.Backup => "BACKUP",
        RouterState.Fault => "FAULT",
        _ => "INIT",
    };

    /// <summary>
    /// A sync group's state: its members' state when they agree, FAULT when any member is in Fault, else MIXED
    /// (a transition in progress, or a split a monitor should look at).
    /// </summary>
    public static string GroupState(IEnumerable<InstanceStatus> members)
    {
        var states = members.Select(m => m.State).Distinct().ToList();
        return states.Contains(RouterState.Fault) ? "FAULT" : states.Count == 1 ? StateName(states[0]) : "MIXED";
    }

    /// <summary>The document; <paramref name="receive"/> adds the <c>receive</c> object (receive paths, queue drops).</summary>
    public static string Format(IReadOnlyList<InstanceStatus> instances, ReceiveStatus? receive = null)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteStartArray("instances");
            foreach (var s in instances)
            {
                WriteInstance(w, s);
            }

            w.WriteEndArray();
            w.WriteStartArray("sync_groups");
            foreach (var group in instances.Where(i => i.SyncGroup is not null).GroupBy(i => i.SyncGroup!, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                w.WriteStartObject();
                w.WriteString("name", group.Key);
                w.WriteString("state", GroupState(group));
                w.WriteStartArray("members");
                foreach (var member in group)
                {
                    w.WriteStringValue(member.Name);
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            if (receive is not null)
            {
                WriteReceive(w, receive);
            }

            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteReceive(Utf8JsonWriter w, ReceiveStatus receive)
    {
        w.WriteStartObject("receive");
        w.WriteStartArray("paths");
        foreach (var p in receive.Paths)
        {
            w.WriteStartObject();
            w.WriteString("family", p.Family == IpFamily.IPv6 ? "inet6" : "inet");
            w.WriteBoolean("receiving", p.Receiving);
            w.WriteNumber("failures", p.Failures);
            w.WriteNumber("reopens", p.Reopens);
            w.WriteNumber("ttl_dropped", p.TtlDropped);
            w.WriteString("last_error", p.LastError);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteNumber("queue_dropped", receive.QueueDropped);
        w.WriteEndObject();
    }

    private static void WriteInstance(Utf8JsonWriter w, InstanceStatus s)
    {
        w.WriteStartObject();
        w.WriteString("name", s.Name);
        w.WriteString("state", StateName(s.State));
        w.WriteNumber("vrid", s.Vrid);
        w.WriteString("interface", s.Interface);
        w.WriteString("family", s.Family == IpFamily.IPv6 ? "inet6" : "inet");
        w.WriteNumber("version", s.Version == VrrpVersion.V2 ? 2 : 3);
        w.WriteNumber("priority", s.BasePriority);
        w.WriteNumber("effective_priority", s.EffectivePriority);
        if (s.MasterAddress is { } master)
        {
            w.WriteString("master", master.ToString());
        }
        else
        {
            w.WriteNull("master");
        }

        w.WriteStartArray("vips");
        foreach (var vip in s.Vips)
        {
            w.WriteStringValue(vip);
        }

        w.WriteEndArray();
        if (s.LastTransition is { } at)
        {
            w.WriteString("last_transition", at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        }
        else
        {
            w.WriteNull("last_transition");
        }

        w.WriteStartArray("checks");
        foreach (var check in s.Checks)
        {
            w.WriteStartObject();
            w.WriteString("name", check.Name);
            w.WriteString("state", check.Healthy switch { true => "up", false => "down", null => "unknown" });
            w.WriteNumber("weight", check.Weight);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartObject("stats");
        w.WriteNumber("adverts_sent", s.AdvertsSent);
        w.WriteNumber("adverts_received", s.AdvertsReceived);
        w.WriteNumber("became_master", s.BecameMaster);
        w.WriteNumber("released_master", s.ReleasedMaster);
        w.WriteNumber("priority_zero_sent", s.PriorityZeroSent);
        w.WriteNumber("priority_zero_received", s.PriorityZeroReceived);
        w.WriteStartObject("rejected");
        foreach (var (reason, count) in s.Rejected.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            w.WriteNumber(reason, count);
        }

        w.WriteEndObject();
        w.WriteNumber("send_failures", s.SendFailures);
        w.WriteNumber("address_list_mismatches", s.AddressListMismatches);
        w.WriteNumber("answers_suppressed", s.AnswersSuppressed);
        w.WriteNumber("errors", s.Errors);
        w.WriteEndObject();
        w.WriteEndObject();
    }
}
