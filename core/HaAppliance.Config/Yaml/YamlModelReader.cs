using System.Globalization;
using System.Net;
using HaAppliance.Config.Schema;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace HaAppliance.Config.Yaml;

/// <summary>One read of one YAML document into the model; collects every diagnostic on the way.</summary>
internal sealed class YamlModelReader(string file)
{
    /// <summary>Aliases can make a small file expand enormously ("billion laughs"); stop well before that.</summary>
    private const int MaxNodes = 200_000;

    private const int MaxDepth = 64;

    /// <summary>Starts the message of a document that could not be parsed at all.</summary>
    public const string SyntaxErrorPrefix = "YAML syntax: ";

    /// <summary>A VIP mapping's address until its <c>address</c> key is read (compared by reference).</summary>
    private static readonly IPAddress NoAddress = new(0);

    private int _nodes;

    public List<ConfigDiagnostic> Diagnostics { get; } = [];

    public HaConfig Read(string text)
    {
        var config = new HaConfig { SourceFile = file, Location = new SourceLocation(file, 1, 1) };
        if (YamlDepthGuard.Check(text) is { } tooDeep)
        {
            Error(new SourceLocation(file, (int)tooDeep.Where.Line, (int)tooDeep.Where.Column), SyntaxErrorPrefix + tooDeep.Message);
            return config;
        }

        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            var message = e.InnerException is { } inner && e.Message.Contains("See inner", StringComparison.Ordinal) ? inner.Message : e.Message;
            Error(new SourceLocation(file, (int)e.Start.Line, (int)e.Start.Column), $"{SyntaxErrorPrefix}{message}");
            return config;
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
        {
            return config;
        }

        if (stream.Documents.Count > 1)
        {
            Error(Loc(stream.Documents[1].RootNode), "only one YAML document is allowed in a configuration file");
        }

        if (Map(stream.Documents[0].RootNode, "the configuration") is not { } root)
        {
            return config;
        }

        ReadKeys(root, ConfigSchema.TopLevel, config, "the top level");
        return config;
    }

    internal void ReadGlobal(YamlNode node, GlobalConfig g)
    {
        g.Location = Loc(node);
        if (Map(node, "global") is not { } map)
        {
            return;
        }

        ReadKeys(map, ConfigSchema.Global, g, "global");
    }

    internal GarpConfig ReadGarp(YamlNode node, string where)
    {
        var garp = new GarpConfig { Location = Loc(node) };
        if (Map(node, where) is not { } map)
        {
            return garp;
        }

        ReadKeys(map, ConfigSchema.Garp, garp, where);
        return garp;
    }

    internal CheckConfig ReadCheck(string name, YamlNode node, SourceLocation nameLoc)
    {
        var check = new CheckConfig { Name = name, Location = nameLoc };
        if (Map(node, $"check '{name}'") is not { } map)
        {
            return check;
        }

        foreach (var (k, value) in map.Children)
        {
            if (KeyOf(k) is not { } key)
            {
                continue;
            }

            // The tracker's keys are the schema's; every other key is the plugin's own setting.
            if (ConfigSchema.Check.Find(key) is { } tracker)
            {
                check.KeyLocations[key] = Loc(value);
                tracker.Read(this, value, check);
            }
            else
            {
                Flatten(key, value, check.Settings, 1);
            }
        }

        return check;
    }

    internal NotifierConfig ReadNotifier(string name, YamlNode node, SourceLocation nameLoc)
    {
        var notifier = new NotifierConfig { Name = name, Location = nameLoc };
        if (Map(node, $"notifier '{name}'") is not { } map)
        {
            return notifier;
        }

        foreach (var (k, value) in map.Children)
        {
            if (KeyOf(k) is not { } key)
            {
                continue;
            }

            // 'type' is the schema's; every other key is the plugin's own setting.
            if (ConfigSchema.Notifier.Find(key) is { } known)
            {
                notifier.KeyLocations[key] = Loc(value);
                known.Read(this, value, notifier);
            }
            else
            {
                Flatten(key, value, notifier.Settings, 1);
            }
        }

        return notifier;
    }

    /// <summary>Flattens a plugin section the Microsoft.Extensions.Configuration way: <c>a:b</c>, <c>list:0</c>.</summary>
    private void Flatten(string prefix, YamlNode node, PluginSettings settings, int depth)
    {
        if (!Count(node) || depth > MaxDepth)
        {
            if (depth > MaxDepth)
            {
                Error(Loc(node), $"'{prefix}' is nested more than {MaxDepth} levels deep");
            }

            return;
        }

        switch (node)
        {
            case YamlScalarNode s:
                settings.Set(prefix, IsNull(s) ? null : s.Value, Loc(s));
                break;
            case YamlMappingNode m:
                foreach (var (k, v) in m.Children)
                {
                    if (KeyOf(k) is { } key)
                    {
                        Flatten($"{prefix}:{key}", v, settings, depth + 1);
                    }
                }

                break;
            case YamlSequenceNode seq:
                for (var i = 0; i < seq.Children.Count; i++)
                {
                    Flatten($"{prefix}:{i}", seq.Children[i], settings, depth + 1);
                }

                break;
        }
    }

    internal InstanceConfig ReadInstance(string name, YamlNode node, SourceLocation nameLoc)
    {
        var inst = new InstanceConfig { Name = name, Location = nameLoc };
        if (Map(node, $"instance '{name}'") is not { } map)
        {
            return inst;
        }

        var where = $"instance '{name}'";
        ReadKeys(map, ConfigSchema.Instance, inst, where);
        if (inst.KeyLocations.ContainsKey("preempt") && inst.KeyLocations.ContainsKey("nopreempt"))
        {
            Error(inst.KeyLocations["nopreempt"], $"{where} sets both 'preempt' ({inst.KeyLocations["preempt"]}) and 'nopreempt'; write one of them");
        }

        return inst;
    }

    internal void ReadAuthentication(YamlNode node, InstanceConfig inst)
    {
        if (Map(node, "authentication") is { } map)
        {
            ReadKeys(map, ConfigSchema.Authentication, inst, "authentication");
        }
    }

    internal void ReadAddresses(YamlNode node, string key, ConfigNode owner, List<IPAddress> list)
    {
        foreach (var (item, _) in Items(node, key, owner))
        {
            if (Ip(item, key) is { } address)
            {
                owner.KeyLocations[$"{key}:{list.Count}"] = Loc(item);
                list.Add(address);
            }
        }
    }

    internal void ReadVips(YamlNode node, string key, ConfigNode owner, List<VipConfig> list)
    {
        foreach (var (item, _) in Items(node, key, owner))
        {
            if (ReadVip(item, key) is { } vip)
            {
                list.Add(vip);
            }
        }
    }

    /// <summary>
    /// A VIP is either keepalived's line (<c>192.0.2.100/24 dev eth0 label eth0:1 scope global brd 192.0.2.255</c>)
    /// or a mapping with the same words as keys.
    /// </summary>
    private VipConfig? ReadVip(YamlNode node, string key)
    {
        var loc = Loc(node);
        if (node is YamlScalarNode scalar)
        {
            var words = (scalar.Value ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (words.Length == 0)
            {
                Error(loc, $"'{key}' has an empty entry; expected an address such as 192.0.2.100/24");
                return null;
            }

            var vip = ParseAddress(words[0], loc, key);
            if (vip is null)
            {
                return null;
            }

            for (var i = 1; i < words.Length; i++)
            {
                var option = words[i].ToLowerInvariant();
                if (i + 1 >= words.Length)
                {
                    Error(loc, $"'{key}' option '{words[i]}' has no value");
                    break;
                }

                var arg = words[++i];
                switch (option)
                {
                    case "dev": vip.Device = arg; break;
                    case "label": vip.Label = arg; break;
                    case "scope": vip.Scope = arg; break;
                    case "brd" or "broadcast":
                        if (IpText.Parse(arg) is { } brd)
                        {
                            vip.Broadcast = brd;
                        }
                        else
                        {
                            Error(loc, $"'{key}' broadcast '{arg}' is not an IP address");
                        }

                        break;
                    default:
                        Error(loc, $"'{key}' option '{words[i - 1]}' is unknown{DidYouMean.Hint(option, ConfigSchema.VipLineOptions)}; allowed: {string.Join(", ", ConfigSchema.VipLineOptions)}");
                        break;
                }
            }

            return vip;
        }

        if (Map(node, key) is not { } map)
        {
            return null;
        }

        var mapped = new VipConfig { Address = NoAddress, Location = loc };
        ReadKeys(map, ConfigSchema.Vip, mapped, key);
        if (ReferenceEquals(mapped.Address, NoAddress))
        {
            if (!mapped.KeyLocations.ContainsKey("address"))
            {
                Error(loc, $"'{key}' entry has no 'address'");
            }

            return null;
        }

        return mapped;
    }

    /// <summary>The mapping form's <c>address</c>: <c>192.0.2.100/24</c>, prefix optional.</summary>
    internal void ReadVipAddress(YamlNode node, string key, VipConfig vip)
    {
        if (Str(node, key) is { } text && ParseAddress(text, Loc(node), key) is { } parsed)
        {
            vip.Address = parsed.Address;
            vip.PrefixLength = parsed.PrefixLength;
        }
    }

    private VipConfig? ParseAddress(string text, SourceLocation loc, string key)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var addressText = slash < 0 ? text : text[..slash];
        if (IpText.Parse(addressText) is not { } address)
        {
            Error(loc, $"'{key}' value '{text}' is not an IP address; expected e.g. 192.0.2.100/24 or 2001:db8::1/64");
            return null;
        }

        var prefix = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128;
        if (slash >= 0 && !int.TryParse(text[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out prefix))
        {
            Error(loc, $"'{key}' value '{text}' has a bad prefix length '{text[(slash + 1)..]}'; expected a number");
            return null;
        }

        var vip = new VipConfig { Address = address, PrefixLength = prefix, Location = loc };
        vip.KeyLocations["address"] = loc;
        return vip;
    }

    internal void ReadTrackRefs(YamlNode node, string key, ConfigNode owner, List<TrackRef> list)
    {
        foreach (var (item, _) in Items(node, key, owner))
        {
            var tr = new TrackRef { Location = Loc(item) };
            if (item is YamlScalarNode)
            {
                if (Str(item, key) is not { } name)
                {
                    continue;
                }

                tr.Name = name;
                tr.KeyLocations["name"] = Loc(item);
            }
            else if (Map(item, key) is { } map)
            {
                ReadKeys(map, ConfigSchema.Track, tr, key);
                if (tr.Name.Length == 0)
                {
                    Error(tr.Location, $"'{key}' entry has no 'name'");
                    continue;
                }
            }
            else
            {
                continue;
            }

            list.Add(tr);
        }
    }

    internal SyncGroupConfig ReadSyncGroup(string name, YamlNode node, SourceLocation nameLoc)
    {
        var group = new SyncGroupConfig { Name = name, Location = nameLoc };
        if (Map(node, $"sync group '{name}'") is not { } map)
        {
            return group;
        }

        ReadKeys(map, ConfigSchema.SyncGroup, group, $"sync group '{name}'");
        return group;
    }

    // ---- structure helpers ----

    internal SourceLocation Loc(YamlNode node) => new(file, (int)node.Start.Line, (int)node.Start.Column);

    internal void Error(SourceLocation where, string message) => Diagnostics.Add(ConfigDiagnostic.Error(where, message));

    private bool Count(YamlNode node)
    {
        if (++_nodes == MaxNodes)
        {
            Error(Loc(node), $"the configuration expands to more than {MaxNodes} values (aliases?); refusing to read further");
        }

        return _nodes < MaxNodes;
    }

    private static bool IsNull(YamlScalarNode s) =>
        s.Style == YamlDotNet.Core.ScalarStyle.Plain && (s.Value is null or "" or "~" or "null" or "Null" or "NULL");

    /// <summary>What a node is, for messages; the text of a secret (<see cref="SecretKeys"/>) is not shown.</summary>
    private static string Describe(YamlNode node, string key) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        YamlScalarNode s when IsNull(s) => "nothing",
        YamlScalarNode s when SecretKeys.IsSecret(key) => $"a value of {System.Text.Encoding.UTF8.GetByteCount(s.Value ?? "")} bytes (not shown: it may be a secret)",
        YamlScalarNode s => $"'{s.Value}'",
        _ => "something else",
    };

    private YamlMappingNode? Map(YamlNode node, string what)
    {
        if (!Count(node))
        {
            return null;
        }

        if (node is YamlMappingNode m)
        {
            return m;
        }

        if (node is YamlScalarNode s && IsNull(s))
        {
            // "instances:" with nothing below: an empty section, not an error.
            return new YamlMappingNode();
        }

        Error(Loc(node), $"{what} must be a mapping (key: value lines), got {Describe(node, what)}");
        return null;
    }

    private string? KeyOf(YamlNode k)
    {
        if (k is YamlScalarNode { Value: { Length: > 0 } v })
        {
            return v;
        }

        Error(Loc(k), "keys must be plain names");
        return null;
    }

    /// <summary>Entries of a mapping with a known key set; unknown keys are reported with a suggestion.</summary>
    /// <summary>Reads a mapping's keys into <paramref name="model"/> through the section's descriptors.</summary>
    private void ReadKeys<T>(YamlMappingNode map, ConfigSection<T> section, T model, string where)
        where T : ConfigNode
    {
        foreach (var (key, value) in Entries(map, section.KeyNames, where))
        {
            model.KeyLocations[key] = Loc(value);
            section.Find(key)!.Read(this, value, model);
        }
    }

    private IEnumerable<(string Key, YamlNode Value)> Entries(YamlMappingNode map, IReadOnlyList<string> allowed, string where)
    {
        foreach (var (k, v) in map.Children)
        {
            if (KeyOf(k) is not { } key)
            {
                continue;
            }

            if (!allowed.Contains(key, StringComparer.Ordinal))
            {
                Error(Loc(k), $"unknown key '{key}' in {where}{DidYouMean.Hint(key, allowed)}; allowed: {string.Join(", ", allowed)}");
                continue;
            }

            if (Count(v))
            {
                yield return (key, v);
            }
        }
    }

    /// <summary>Reads a section of named mappings (<c>instances: {VI_1: {...}}</c>) into <paramref name="list"/>.</summary>
    internal void ReadNamed<T>(YamlNode node, string section, List<T> list, Func<string, YamlNode, SourceLocation, T> read)
    {
        foreach (var (name, value, nameLoc) in Named(node, section))
        {
            list.Add(read(name, value, nameLoc));
        }
    }

    private IEnumerable<(string Name, YamlNode Node, SourceLocation NameLocation)> Named(YamlNode node, string section)
    {
        if (Map(node, section) is not { } map)
        {
            yield break;
        }

        foreach (var (k, v) in map.Children)
        {
            if (KeyOf(k) is { } name && Count(v))
            {
                yield return (name, v, Loc(k));
            }
        }
    }

    /// <summary>Items of a list; a single scalar counts as a list of one. Records <c>key:i</c> locations.</summary>
    internal IEnumerable<(YamlNode Item, int Index)> Items(YamlNode node, string key, ConfigNode owner)
    {
        if (node is YamlSequenceNode seq)
        {
            for (var i = 0; i < seq.Children.Count; i++)
            {
                if (Count(seq.Children[i]))
                {
                    owner.KeyLocations[$"{key}:{i}"] = Loc(seq.Children[i]);
                    yield return (seq.Children[i], i);
                }
            }
        }
        else if (node is YamlScalarNode s)
        {
            if (!IsNull(s))
            {
                owner.KeyLocations[$"{key}:0"] = Loc(s);
                yield return (s, 0);
            }
        }
        else
        {
            Error(Loc(node), $"'{key}' must be a list, got {Describe(node, key)}");
        }
    }

    internal List<string> StringList(YamlNode node, string key, ConfigNode owner, string locationKey)
    {
        var result = new List<string>();
        foreach (var (item, _) in Items(node, locationKey, owner))
        {
            if (Str(item, key) is { } s)
            {
                owner.KeyLocations[$"{locationKey}:{result.Count}"] = Loc(item);
                result.Add(s);
            }
        }

        return result;
    }

    // ---- scalar helpers: each reports a wrong type with the key, the value and what is allowed ----

    internal string? Str(YamlNode node, string key)
    {
        if (node is YamlScalarNode s)
        {
            if (IsNull(s))
            {
                Error(Loc(node), $"'{key}' has no value; expected a string");
                return null;
            }

            return s.Value;
        }

        Error(Loc(node), $"'{key}' must be a single value, got {Describe(node, key)}");
        return null;
    }

    internal int? Int(YamlNode node, string key)
    {
        if (node is YamlScalarNode s && !IsNull(s) && int.TryParse(s.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v))
        {
            return v;
        }

        Error(Loc(node), $"'{key}' is {Describe(node, key)}; expected a whole number");
        return null;
    }

    internal bool? Bool(YamlNode node, string key)
    {
        if (node is YamlScalarNode s)
        {
            switch (s.Value?.ToLowerInvariant())
            {
                case "true" or "yes" or "on": return true;
                case "false" or "no" or "off": return false;
            }
        }

        Error(Loc(node), $"'{key}' is {Describe(node, key)}; expected true or false");
        return null;
    }

    internal TimeSpan? Dur(YamlNode node, string key)
    {
        if (node is YamlScalarNode s && Duration.TryParse(s.Value, out var d))
        {
            return d;
        }

        Error(Loc(node), $"'{key}' is {Describe(node, key)}; expected a duration: {Duration.Allowed}");
        return null;
    }

    internal IPAddress? Ip(YamlNode node, string key)
    {
        if (node is YamlScalarNode { Value: { } v } && IpText.Parse(v) is { } ip)
        {
            return ip;
        }

        Error(Loc(node), $"'{key}' is {Describe(node, key)}; expected an IPv4 or IPv6 address");
        return null;
    }
}
