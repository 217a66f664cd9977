using System.Text.Json;
using System.Text.Json.Serialization;

namespace HaAppliance.Abstractions;

/// <summary>
/// Writes a <see cref="VrrpState"/> as its keepalived word (<c>"MASTER"</c>) and reads the words files on disk
/// already hold, so journals, outboxes and dead letters written with strings stay readable.
/// </summary>
internal sealed class VrrpStateJsonConverter : JsonConverter<VrrpState>
{
    public override VrrpState Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var number) && Enum.IsDefined((VrrpState)number))
        {
            return (VrrpState)number;
        }

        if (reader.TokenType == JsonTokenType.String && VrrpStateNames.TryParseKeepalivedName(reader.GetString(), out var state))
        {
            return state;
        }

        throw new JsonException("Not a VRRP state: expected MASTER, BACKUP, FAULT or STOP.");
    }

    public override void Write(Utf8JsonWriter writer, VrrpState value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToKeepalivedName());
}
