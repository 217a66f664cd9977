using System.Buffers.Binary;
using System.Net;
using HaAppliance.Integration.Tests.Harness;
using HaAppliance.Linux.Transport;
using HaAppliance.Vrrp;

namespace HaAppliance.Integration.Tests.Transport;

/// <summary>Our raw transport against a real keepalived 2.x on the same bridge.</summary>
[TestFixture]
[NonParallelizable]
public sealed class KeepalivedInteropTests
{
    private const string Config = """
        global_defs {
            router_id KA_TEST
            vrrp_version 3
            vrrp_garp_master_repeat 1
            vrrp_garp_master_delay 0
        }
        vrrp_instance VI_1 {
            state MASTER
            interface eth0
            virtual_router_id 51
            priority 150
            advert_int 1
            virtual_ipaddress {
                10.99.2.100/24
            }
        }
        """;

    /// <summary>keepalived as an IPv6 master (VRRPv3 from its link-local address).</summary>
    private const string ConfigV6 = """
        global_defs {
            router_id KA_TEST6
            vrrp_garp_master_delay 0
        }
        vrrp_instance VI_6 {
            state MASTER
            interface eth0
            virtual_router_id 61
            priority 140
            advert_int 1
            virtual_ipaddress {
                fd00:97::100/64
            }
        }
        """;

    private NetworkLab _lab = null!;
    private NetNamespace _keepalivedHost = null!;
    private NetNamespace _ours = null!;
    private KeepalivedProcess? _keepalived;

    [SetUp]
    public void CreateLan()
    {
        Requires.NetworkNamespaces("keepalived and our transport talk across network namespaces");
        Requires.Tool("keepalived", "our transport is tested against the real keepalived (apt-get install keepalived)");
        _lab = NetworkLab.Create();
        try
        {
            _keepalivedHost = _lab.AddHost("k", "10.99.2.1/24");
            _ours = _lab.AddHost("o", "10.99.2.2/24");
        }
        catch
        {
            _lab.Dispose();
            throw;
        }
    }

    [TearDown]
    public void Stop()
    {
        if (_keepalived is not null && TestContext.CurrentContext.Result.Outcome.Status == NUnit.Framework.Interfaces.TestStatus.Failed)
        {
            TestContext.Out.WriteLine(string.Join('\n', _keepalived.Lines));
        }
        _keepalived?.Dispose();
        _lab?.Dispose();
    }

    [Test]
    public async Task ReceiveAsync_KeepalivedMaster_GetsItsV3AdvertWithTtl255()
    {
        using var socket = _ours.Run(() => RawVrrpSocket.Open(IpFamily.IPv4));
        var ifIndex = _ours.IfIndex("eth0");
        socket.JoinGroup(ifIndex);
        _keepalived = KeepalivedProcess.Start(_keepalivedHost, Config);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));

        var packet = await socket.ReceiveAsync(cts.Token);

        Assert.Multiple(() =>
        {
            Assert.That(packet.Source, Is.EqualTo(IPAddress.Parse("10.99.2.1")));
            Assert.That(packet.Destination, Is.EqualTo(VrrpMulticastGroups.IPv4));
            Assert.That(packet.Ttl, Is.EqualTo(255));
            Assert.That(packet.IfIndex, Is.EqualTo(ifIndex));
            Assert.That(packet.Vrrp.Span[0], Is.EqualTo(0x31), "version 3, type advertisement");
            Assert.That(packet.Vrrp.Span[1], Is.EqualTo(51), "VRID");
            Assert.That(packet.Vrrp.Span[2], Is.EqualTo(150), "priority");
        });
    }

    [Test]
    public async Task ReceiveAsync_KeepalivedIPv6Master_GetsAdvertFromLinkLocalWithHopLimit255()
    {
        using var socket = _ours.Run(() => RawVrrpSocket.Open(IpFamily.IPv6));
        var ifIndex = _ours.IfIndex("eth0");
        socket.JoinGroup(ifIndex);
        _keepalived = KeepalivedProcess.Start(_keepalivedHost, ConfigV6);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));

        var packet = await socket.ReceiveAsync(cts.Token);

        Assert.Multiple(() =>
        {
            Assert.That(packet.Family, Is.EqualTo(IpFamily.IPv6));
            Assert.That(packet.Source.IsIPv6LinkLocal, Is.True, $"RFC 9568 §5.1.2.1: source {packet.Source} is link-local");
            Assert.That(packet.Destination, Is.EqualTo(VrrpMulticastGroups.IPv6));
            Assert.That(packet.Ttl, Is.EqualTo(255));
            Assert.That(packet.IfIndex, Is.EqualTo(ifIndex));
            Assert.That(packet.Vrrp.Span[0], Is.EqualTo(0x31));
            Assert.That(packet.Vrrp.Span[1], Is.EqualTo(61));
            Assert.That(packet.Vrrp.Span[2], Is.EqualTo(140));
        });
    }

    [Test]
    public void SendAsync_HigherPriorityAdvert_KeepalivedEntersBackup()
    {
        using var socket = _ours.Run(() => RawVrrpSocket.Open(IpFamily.IPv4));
        var ifIndex = _ours.IfIndex("eth0");
        _keepalived = KeepalivedProcess.Start(_keepalivedHost, Config);
        Assert.That(_keepalived.WaitForLine("(VI_1) Entering MASTER STATE", TimeSpan.FromSeconds(15)), Is.True, "keepalived became master");
        var advert = V3Advert(IPAddress.Parse("10.99.2.2"), VrrpMulticastGroups.IPv4, vrid: 51, priority: 200, IPAddress.Parse("10.99.2.100"));

        var backup = _keepalived.WaitForLine(
            "(VI_1) Entering BACKUP STATE",
            TimeSpan.FromSeconds(15),
            () => socket.Send(ifIndex, VrrpMulticastGroups.IPv4, IPAddress.Parse("10.99.2.2"), advert));

        Assert.That(backup, Is.True, "keepalived accepted our advert (source, TTL, checksum) and yielded");
    }

    [Test]
    public void SendAsync_HigherPriorityIPv6Advert_KeepalivedEntersBackup()
    {
        using var socket = _ours.Run(() => RawVrrpSocket.Open(IpFamily.IPv6));
        var ifIndex = _ours.IfIndex("eth0");
        // RFC 9568 §5.1.2.1: an IPv6 advert comes from the sender's link-local address.
        var linkLocal = IPAddress.Parse(System.Text.RegularExpressions.Regex.Match(
            _ours.Exec("ip", "-6", "-o", "addr", "show", "dev", "eth0", "scope", "link"), @"inet6 ([0-9a-f:]+)/").Groups[1].Value);
        _keepalived = KeepalivedProcess.Start(_keepalivedHost, ConfigV6);
        Assert.That(_keepalived.WaitForLine("(VI_6) Entering MASTER STATE", TimeSpan.FromSeconds(15)), Is.True, "keepalived became master");
        var advert = V3Advert(linkLocal, VrrpMulticastGroups.IPv6, vrid: 61, priority: 200, IPAddress.Parse("fd00:97::100"));

        var backup = _keepalived.WaitForLine(
            "(VI_6) Entering BACKUP STATE",
            TimeSpan.FromSeconds(15),
            () => socket.Send(ifIndex, VrrpMulticastGroups.IPv6, linkLocal, advert));

        Assert.That(backup, Is.True, "keepalived accepted our IPv6 advert (link-local source, hop limit, checksum) and yielded");
    }

    /// <summary>
    /// A VRRPv3 advert with the pseudo-header checksum (RFC 5798 §5.2.8: IPv4 or IPv6 pseudo-header), built by hand
    /// for the test so it does not depend on the codec.
    /// </summary>
    private static byte[] V3Advert(IPAddress source, IPAddress destination, byte vrid, byte priority, IPAddress vip)
    {
        var vipBytes = vip.GetAddressBytes();
        var packet = new byte[8 + vipBytes.Length];
        packet[0] = 0x31;
        packet[1] = vrid;
        packet[2] = priority;
        packet[3] = 1;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(4), 100); // max advert interval, centiseconds
        vipBytes.CopyTo(packet, 8);
        var src = source.GetAddressBytes();
        var dst = destination.GetAddressBytes();
        byte[] pseudo;
        if (src.Length == 4)
        {
            // source, destination, zero, protocol, VRRP length (16 bits)
            pseudo = [.. src, .. dst, 0, 112, (byte)(packet.Length >> 8), (byte)packet.Length];
        }
        else
        {
            // source, destination, VRRP length (32 bits), three zero bytes, next header
            pseudo = [.. src, .. dst, 0, 0, (byte)(packet.Length >> 8), (byte)packet.Length, 0, 0, 0, 112];
        }
        byte[] all = [.. pseudo, .. packet];
        uint sum = 0;
        for (var i = 0; i + 1 < all.Length; i += 2)
        {
            sum += BinaryPrimitives.ReadUInt16BigEndian(all.AsSpan(i));
        }
        while (sum >> 16 != 0)
        {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(6), (ushort)~sum);
        return packet;
    }
}
