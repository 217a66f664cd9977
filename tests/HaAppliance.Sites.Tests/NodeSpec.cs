using System.Text;
using HaAppliance.Config;
using HaAppliance.Config.Yaml;

namespace HaAppliance.Sites.Tests;

/// <summary>One node's configuration, written as YAML and read back with the real reader, so locations are real.</summary>
internal sealed record NodeSpec(string Name)
{
    public int Version { get; init; } = 2;

    public string Interface { get; init; } = "eth0";

    public int Vrid { get; init; } = 51;

    public string Instance { get; init; } = "VI_1";

    public int Priority { get; init; } = 100;

    public string State { get; init; } = "BACKUP";

    public string Advert { get; init; } = "1s";

    public string[] Vips { get; init; } = ["192.0.2.100/24"];

    public string? AuthType { get; init; }

    public string? AuthPass { get; init; }

    public string? Source { get; init; }

    public string[] Peers { get; init; } = [];

    public bool Nopreempt { get; init; }

    public bool FastPreempt { get; init; }

    public string? PreemptDelay { get; init; }

    /// <summary>Weight of the tracked check chk; null: no check.</summary>
    public int? CheckWeight { get; init; }

    /// <summary>Interface tracked with weight 0 (Fault when down); null: none.</summary>
    public string? TrackInterface { get; init; }

    /// <summary>Members of sync group G; null: no sync group.</summary>
    public string[]? SyncGroup { get; init; }

    /// <summary>A second instance VI_2 on vrid 52 (for sync groups).</summary>
    public bool SecondInstance { get; init; }

    public string File => Name + ".yaml";

    public string Text()
    {
        var y = new StringBuilder();
        y.Append($"global:\n  router_id: {Name}\n  vrrp_version: 2\n");
        if (CheckWeight is { } w)
        {
            y.Append($"checks:\n  chk:\n    type: script\n    command: /bin/true\n    weight: {w}\n");
        }

        y.Append("instances:\n");
        AppendInstance(y, Instance, Vrid);
        if (SecondInstance)
        {
            AppendInstance(y, "VI_2", Vrid + 1, secondVip: true);
        }

        if (SyncGroup is { } members)
        {
            y.Append($"sync_groups:\n  G:\n    group: [{string.Join(", ", members)}]\n");
        }

        return y.ToString();
    }

    private void AppendInstance(StringBuilder y, string name, int vrid, bool secondVip = false)
    {
        y.Append($"  {name}:\n    state: {State}\n    interface: {Interface}\n    virtual_router_id: {vrid}\n    priority: {Priority}\n");
        y.Append($"    version: {Version}\n    advert_int: {Advert}\n");
        if (Nopreempt)
        {
            y.Append("    nopreempt: true\n");
        }

        if (FastPreempt)
        {
            y.Append("    fast_preempt: true\n");
        }

        if (PreemptDelay is not null)
        {
            y.Append($"    preempt_delay: {PreemptDelay}\n");
        }

        if (AuthType is not null)
        {
            y.Append($"    authentication:\n      auth_type: {AuthType}\n");
            if (AuthPass is not null)
            {
                y.Append($"      auth_pass: {AuthPass}\n");
            }
        }

        if (Source is not null)
        {
            y.Append(Peers.Length > 0 ? $"    unicast_src_ip: {Source}\n" : $"    mcast_src_ip: {Source}\n");
        }

        if (Peers.Length > 0)
        {
            y.Append("    unicast_peer:\n");
            foreach (var p in Peers)
            {
                y.Append($"      - {p}\n");
            }
        }

        y.Append("    virtual_ipaddress:\n");
        foreach (var v in secondVip ? ["192.0.2.200/24"] : Vips)
        {
            y.Append($"      - {v}\n");
        }

        if (CheckWeight is not null)
        {
            y.Append("    track_script:\n      - chk\n");
        }

        if (TrackInterface is not null)
        {
            y.Append($"    track_interface:\n      - {TrackInterface}\n");
        }
    }

    public SiteNode Load()
    {
        var (config, diagnostics) = YamlConfigReader.ReadText(Text(), File);
        Assert.That(diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error), Is.Empty, Text());
        return new SiteNode(SiteNode.NameOf(config, File), config);
    }

    /// <summary>FILE:LINE:COL of the value after <paramref name="key"/> on the <paramref name="occurrence"/>-th line holding it.</summary>
    public string At(string key, int occurrence = 1)
    {
        var lines = Text().Split('\n');
        var seen = 0;
        for (var i = 0; i < lines.Length; i++)
        {
            var col = lines[i].IndexOf(key, StringComparison.Ordinal);
            if (col >= 0 && ++seen == occurrence)
            {
                // The value starts after "key: " (or the item after "- ").
                return $"{File}:{i + 1}:{col + key.Length + 2}";
            }
        }

        throw new ArgumentException($"'{key}' not in {File}");
    }

    public static Site Site(params NodeSpec[] specs) => new([.. specs.Select(s => s.Load())]);
}
