using HaAppliance.Config.Yaml;

namespace HaAppliance.Config.Schema;

/// <summary>The keys of one mapping of the native schema (<c>global</c>, an instance, ...), in documentation order.</summary>
public abstract class ConfigSection
{
    private protected ConfigSection(string name) => Name = name;

    /// <summary>The section's name in the documentation (<c>global</c>, <c>instances</c>, <c>garp</c>, ...).</summary>
    public string Name { get; }

    /// <summary>The keys as names, for the unknown-key check and its did-you-mean.</summary>
    public abstract IReadOnlyList<string> KeyNames { get; }

    /// <summary>The keys without their model type, for the documentation generator.</summary>
    public abstract IReadOnlyList<ConfigKey> DescribedKeys { get; }
}

/// <summary>A section whose model is <typeparamref name="TModel"/>: the one table its reader, writer, diff and docs read.</summary>
public sealed class ConfigSection<TModel> : ConfigSection
    where TModel : ConfigNode
{
    private readonly Dictionary<string, ConfigKey<TModel>> _byName;
    private readonly string[] _names;

    internal ConfigSection(string name, params ConfigKey<TModel>[] keys)
        : base(name)
    {
        Keys = keys;
        _names = [.. keys.Select(k => k.Name)];
        // Duplicate names throw here, when the schema is first used: a table with one key twice is a bug.
        _byName = keys.ToDictionary(k => k.Name, StringComparer.Ordinal);
    }

    public IReadOnlyList<ConfigKey<TModel>> Keys { get; }

    public override IReadOnlyList<string> KeyNames => _names;

    public override IReadOnlyList<ConfigKey> DescribedKeys => Keys;

    public ConfigKey<TModel>? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>
    /// Names of the keys whose values differ between <paramref name="a"/> and <paramref name="b"/>, in table order.
    /// Values compare as the writer writes them, so a key the writer would write the same way does not differ.
    /// </summary>
    public IReadOnlyList<string> Differences(TModel a, TModel b) =>
        [.. Keys.Where(k => k.IsWritten && !string.Equals(k.Text(a), k.Text(b), StringComparison.Ordinal)).Select(k => k.Name)];

    /// <summary>True when the writer would write at least one key of <paramref name="model"/>.</summary>
    internal bool HasValues(TModel model) => HasValues(model, keepExplicit: false);

    /// <summary>True when writing <paramref name="model"/> into <paramref name="sink"/> writes any key (with the sink's rule for explicit defaults).</summary>
    internal bool HasValues(TModel model, YamlSink sink) => HasValues(model, sink.KeepExplicit);

    private bool HasValues(TModel model, bool keepExplicit)
    {
        using var sw = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        YamlSink.Document(sw, sink => Write(sink, model), keepExplicit);
        return sw.ToString().Trim() != "{}";
    }

    /// <summary>Writes every key of <paramref name="model"/> that differs from the default, in table order.</summary>
    internal void Write(YamlSink sink, TModel model)
    {
        foreach (var key in Keys)
        {
            key.Write(sink, model);
        }
    }
}
