using System.Globalization;
using System.Net;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace HaAppliance.Config.Yaml;

/// <summary>Thin helper over YamlDotNet's emitter event stream; the emitter does the quoting.</summary>
internal sealed class YamlSink(IEmitter e)
{
    /// <summary>
    /// Also write values equal to the default when the source wrote them (<see cref="ConfigNode.KeyLocations"/>):
    /// a converted file keeps what its author set on purpose. Off for <see cref="Schema.ConfigKey{TModel}.Text"/>,
    /// where a value equals itself whether it was written or not.
    /// </summary>
    public bool KeepExplicit { get; init; }

    /// <summary>True when <paramref name="key"/> is written even if its value is the default.</summary>
    public bool Explicit(ConfigNode model, string key) => KeepExplicit && model.KeyLocations.ContainsKey(key);

    /// <summary>Emits one document whose root mapping <paramref name="body"/> fills.</summary>
    public static void Document(TextWriter writer, Action<YamlSink> body) => Document(writer, body, keepExplicit: false);

    public static void Document(TextWriter writer, Action<YamlSink> body, bool keepExplicit)
    {
        var emitter = new Emitter(writer, bestIndent: 2);
        var sink = new YamlSink(emitter) { KeepExplicit = keepExplicit };
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart());
        sink.Begin();
        body(sink);
        sink.End();
        emitter.Emit(new DocumentEnd(isImplicit: true));
        emitter.Emit(new StreamEnd());
    }

    /// <summary>The document <paramref name="body"/> writes, as text.</summary>
    public static string Document(Action<YamlSink> body)
    {
        using var sw = new StringWriter(CultureInfo.InvariantCulture);
        Document(sw, body);
        return sw.ToString();
    }

    public static string Num(int n) => n.ToString(CultureInfo.InvariantCulture);

    public void Begin() => e.Emit(new MappingStart(null, null, true, MappingStyle.Block));

    public void End() => e.Emit(new MappingEnd());

    public void BeginSeq() => e.Emit(new SequenceStart(null, null, true, SequenceStyle.Block));

    public void EndSeq() => e.Emit(new SequenceEnd());

    public void Key(string key) => Scalar(key);

    /// <summary>A string value; quoted by the emitter when it would otherwise read as another type.</summary>
    public void Scalar(string value)
    {
        var plainIsString = !(value is "" or "~" or "null" or "true" or "false" or "yes" or "no" or "on" or "off"
            || double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _));
        e.Emit(new YamlDotNet.Core.Events.Scalar(null, null, value, plainIsString ? ScalarStyle.Any : ScalarStyle.DoubleQuoted, true, true));
    }

    /// <summary>Plugin settings are strings whatever they look like; only null-like text needs quotes.</summary>
    public void SettingScalar(string value) =>
        e.Emit(new YamlDotNet.Core.Events.Scalar(null, null, value, value is "" or "~" or "null" or "Null" or "NULL" ? ScalarStyle.DoubleQuoted : ScalarStyle.Any, true, true));

    /// <summary>A value known to be a number, duration, address or enum word: written plain.</summary>
    public void Pair(string key, string value)
    {
        Key(key);
        var plain = value.Length > 0 && (char.IsAsciiDigit(value[0]) || value[0] == '-' || IPAddress.TryParse(value, out _)) && !value.Contains(' ', StringComparison.Ordinal);
        if (plain)
        {
            e.Emit(new YamlDotNet.Core.Events.Scalar(null, null, value, ScalarStyle.Plain, true, false));
        }
        else
        {
            Scalar(value);
        }
    }

    public void Pair(string key, bool value)
    {
        Key(key);
        e.Emit(new YamlDotNet.Core.Events.Scalar(null, null, value ? "true" : "false", ScalarStyle.Plain, true, false));
    }

    public void Null() => e.Emit(new YamlDotNet.Core.Events.Scalar(null, null, "~", ScalarStyle.Plain, true, false));

    public void Seq(IEnumerable<string> items)
    {
        BeginSeq();
        foreach (var item in items)
        {
            Scalar(item);
        }

        EndSeq();
    }
}
