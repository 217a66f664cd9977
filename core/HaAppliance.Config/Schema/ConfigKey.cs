using HaAppliance.Config.Yaml;
using YamlDotNet.RepresentationModel;

namespace HaAppliance.Config.Schema;

/// <summary>
/// One key of the native schema: its name, what applies when it is not written, one line of documentation,
/// and (in <see cref="ConfigKey{TModel}"/>) how it is read into and written from the model.
/// </summary>
public abstract class ConfigKey
{
    private protected ConfigKey(string name, string defaultText, string doc)
    {
        Name = name;
        DefaultText = defaultText;
        Doc = doc;
    }

    /// <summary>The snake_case key, keepalived's name wherever keepalived has one.</summary>
    public string Name { get; }

    /// <summary>What applies when the key is not written, as the documentation shows it.</summary>
    public string DefaultText { get; }

    /// <summary>One line for the documentation's key table.</summary>
    public string Doc { get; }
}

/// <summary>Reads one key's YAML value into the model, reporting what is wrong through the reader.</summary>
internal delegate void KeyRead<in TModel>(YamlModelReader reader, string key, YamlNode value, TModel model);

/// <summary>Writes one key (key and value) when the model's value differs from the default.</summary>
internal delegate void KeyWrite<in TModel>(YamlSink sink, string key, TModel model);

/// <summary>A key of a section whose model is <typeparamref name="TModel"/>.</summary>
public sealed class ConfigKey<TModel> : ConfigKey
    where TModel : ConfigNode
{
    private readonly KeyRead<TModel> _read;
    private readonly KeyWrite<TModel>? _write;

    internal ConfigKey(string name, string defaultText, string doc, KeyRead<TModel> read, KeyWrite<TModel>? write)
        : base(name, defaultText, doc)
    {
        _read = read;
        _write = write;
    }

    /// <summary>False for an alias that is read but written under another key (<c>nopreempt</c> is written as <c>preempt</c>).</summary>
    public bool IsWritten => _write is not null;

    /// <summary>
    /// The key as the writer writes it for <paramref name="model"/> (<c>{}</c> when the model holds the default).
    /// Two models hold the same value for this key exactly when their texts are equal.
    /// </summary>
    public string Text(TModel model) => _write is null ? "{}" : YamlSink.Document(sink => _write(sink, Name, model));

    internal void Read(YamlModelReader reader, YamlNode value, TModel model) => _read(reader, Name, value, model);

    internal void Write(YamlSink sink, TModel model) => _write?.Invoke(sink, Name, model);
}
