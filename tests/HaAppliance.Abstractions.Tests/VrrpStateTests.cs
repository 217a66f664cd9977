using System.Text.Json;

namespace HaAppliance.Abstractions.Tests;

public sealed class VrrpStateTests
{
    [TestCase(VrrpState.Master, "MASTER")]
    [TestCase(VrrpState.Backup, "BACKUP")]
    [TestCase(VrrpState.Fault, "FAULT")]
    [TestCase(VrrpState.Stop, "STOP")]
    public void ToKeepalivedName_EachState_KeepalivedWord(VrrpState state, string word) =>
        Assert.That(state.ToKeepalivedName(), Is.EqualTo(word));

    [Test]
    public void ToKeepalivedName_UndefinedValue_KeepalivedUnknown() =>
        Assert.That(((VrrpState)42).ToKeepalivedName(), Is.EqualTo("{UNKNOWN}"));

    [TestCase("MASTER", VrrpState.Master)]
    [TestCase(" backup ", VrrpState.Backup)]
    [TestCase("Fault", VrrpState.Fault)]
    [TestCase("STOP", VrrpState.Stop)]
    [TestCase("stopped", VrrpState.Stop)]
    [TestCase("STOPPING", VrrpState.Stop)]
    [TestCase("INIT", VrrpState.Stop)]
    public void TryParseKeepalivedName_KnownWord_State(string word, VrrpState expected)
    {
        Assert.That(VrrpStateNames.TryParseKeepalivedName(word, out var state), Is.True);
        Assert.That(state, Is.EqualTo(expected));
    }

    [TestCase("")]
    [TestCase("SLEEPING")]
    [TestCase(null)]
    public void TryParseKeepalivedName_UnknownWord_False(string? word) =>
        Assert.That(VrrpStateNames.TryParseKeepalivedName(word, out _), Is.False);

    [Test]
    public void Serialize_StateChangeEvent_StatesAsKeepalivedWords()
    {
        var e = new StateChangeEvent(Guid.Empty, DateTimeOffset.UnixEpoch, "lb1", "VI_1", null, VrrpState.Stop, VrrpState.Master, 101, "startup", []);

        var json = JsonSerializer.Serialize(e);

        Assert.That(json, Does.Contain("\"OldState\":\"STOP\",\"NewState\":\"MASTER\""));
    }

    [Test]
    public void Deserialize_StateChangeEventWithStrings_ReadsWordsWrittenBeforeTheEnum()
    {
        const string json = """{"Id":"00000000-0000-0000-0000-000000000000","Time":"1970-01-01T00:00:00+00:00","Node":"lb1","Instance":"VI_1","SyncGroup":null,"OldState":"Backup","NewState":"MASTER","Priority":101,"Reason":"r","VirtualAddresses":[]}""";

        var e = JsonSerializer.Deserialize<StateChangeEvent>(json)!;

        Assert.That((e.OldState, e.NewState), Is.EqualTo((VrrpState.Backup, VrrpState.Master)));
    }

    [Test]
    public void Deserialize_UnknownWord_JsonException() =>
        Assert.That(() => JsonSerializer.Deserialize<VrrpState>("\"SLEEPING\""), Throws.InstanceOf<JsonException>());
}
