using System.Buffers.Binary;
using HaAppliance.Plugins.Netlink;

namespace HaAppliance.Plugins.Tests.Netlink;

[TestFixture]
public sealed class NetlinkMessageTests
{
    [Test]
    public void ToArray_WithStringAttribute_SetsLengthSequenceAndPadsTo4()
    {
        var bytes = new NetlinkMessage(20, 0x605, new byte[8]).Attribute(3, "eth0:1").ToArray(sequence: 7);

        Assert.Multiple(() =>
        {
            // 16 header + 8 ifaddrmsg + rtattr (4 + "eth0:1\0" = 11, padded to 12).
            Assert.That(bytes, Has.Length.EqualTo(36));
            Assert.That(BinaryPrimitives.ReadUInt32LittleEndian(bytes), Is.EqualTo(36));
            Assert.That(BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(4)), Is.EqualTo(20));
            Assert.That(BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(6)), Is.EqualTo(0x605));
            Assert.That(BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8)), Is.EqualTo(7));
            Assert.That(BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(24)), Is.EqualTo(11), "rta_len excludes padding");
        });
    }

    [Test]
    public void ParseAttributes_RoundTrip_ReturnsValues()
    {
        var bytes = new NetlinkMessage(20, 0, new byte[8]).Attribute(2, [192, 0, 2, 1]).Attribute(3, "vip0").ToArray(1);

        var attributes = NetlinkMessage.ParseAttributes(bytes.AsSpan(24));

        Assert.That(attributes[2], Is.EqualTo(new byte[] { 192, 0, 2, 1 }));
        Assert.That(NetlinkMessage.ReadString(attributes[3]), Is.EqualTo("vip0"));
    }

    [Test]
    public void ParseAttributes_LengthBeyondBuffer_StopsWithoutThrowing()
    {
        byte[] hostile = [8, 0, 1, 0, 1, 2, 3, 4, 0xFF, 0x7F, 2, 0, 9];

        var attributes = NetlinkMessage.ParseAttributes(hostile);

        Assert.That(attributes.Keys, Is.EqualTo(new ushort[] { 1 }));
    }

    [Test]
    public void ParseAttributesAndLinkParse_RandomBytes_NeverThrow()
    {
        var random = new Random(1234);
        var rounds = 0;
        var attributes = 0;
        for (var i = 0; i < 5000; i++)
        {
            var bytes = new byte[random.Next(0, 64)];
            random.NextBytes(bytes);
            var parsed = NetlinkMessage.ParseAttributes(bytes);
            Assert.That(parsed.Values.Sum(v => v.Length), Is.LessThanOrEqualTo(bytes.Length), "attribute values come from inside the buffer");
            attributes += parsed.Count;
            _ = NetlinkLinkMonitor.Parse((ushort)random.Next(15, 19), bytes);
            rounds++;
        }

        // All rounds ran, and random bytes sometimes looked like attributes, so the parsing paths were exercised.
        Assert.That(rounds, Is.EqualTo(5000));
        Assert.That(attributes, Is.GreaterThan(0));
    }

    [Test]
    public void LinkParse_NewLinkUpRunning_ReportsUpWithName()
    {
        var body = new NetlinkMessage(16, 0, IfInfo(index: 7, flags: 0x1 | 0x40)).Attribute(3, "eth7").ToArray(0).AsSpan(16).ToArray();

        var link = NetlinkLinkMonitor.Parse(16, body);

        Assert.That(link, Is.EqualTo(new HaAppliance.Abstractions.LinkState(7, "eth7", true, true)));
        Assert.That(link!.IsUp, Is.True);
    }

    [Test]
    public void LinkParse_DelLink_ReportsRemovedAndDown()
    {
        var body = new NetlinkMessage(17, 0, IfInfo(index: 7, flags: 0x1 | 0x40)).Attribute(3, "eth7").ToArray(0).AsSpan(16).ToArray();

        var link = NetlinkLinkMonitor.Parse(17, body);

        Assert.That(link!.Removed, Is.True);
        Assert.That(link.IsUp, Is.False);
    }

    private static byte[] IfInfo(int index, uint flags)
    {
        var info = new byte[16];
        BinaryPrimitives.WriteInt32LittleEndian(info.AsSpan(4), index);
        BinaryPrimitives.WriteUInt32LittleEndian(info.AsSpan(8), flags);
        return info;
    }
}
