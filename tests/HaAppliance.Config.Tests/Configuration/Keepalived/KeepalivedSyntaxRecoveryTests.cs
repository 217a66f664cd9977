using HaAppliance.Config;
using HaAppliance.Config.Keepalived;

namespace HaAppliance.Config.Tests.Configuration.Keepalived;

/// <summary>A missing '}' is reported once, at the block left open, and not as a cascade of misplaced blocks.</summary>
public sealed class KeepalivedSyntaxRecoveryTests
{
    // issue 14: the '}' of unicast_peer (line 12) is missing.
    internal const string UnclosedUnicastPeer = """
        global_defs {
          router_id LB1
        }

        vrrp_instance VI_1 {
          state MASTER
          interface eth0
          virtual_router_id 51
          priority 100
          advert_int 1
          unicast_src_ip 192.0.2.1
          unicast_peer {
            192.0.2.2

          virtual_ipaddress {
            192.0.2.100/24
          }
        }

        vrrp_instance VI_2 {
          state BACKUP
          interface eth0
          virtual_router_id 52
          priority 90
          advert_int 1
          virtual_ipaddress {
            192.0.2.101/24
          }
        }

        vrrp_sync_group G1 {
          group {
            VI_1
            VI_2
          }
        }

        """;

    private static List<ConfigDiagnostic> Read(string text) => KeepalivedConfigReader.ReadText(text, "brace.conf").Diagnostics;

    [Test]
    public void Read_UnclosedUnicastPeer_OneErrorAtItsOpeningLine()
    {
        var diagnostics = Read(UnclosedUnicastPeer);

        Assert.That(diagnostics, Has.Count.EqualTo(1), string.Join('\n', diagnostics));
        var first = diagnostics[0];
        Assert.That(first.Severity, Is.EqualTo(DiagnosticSeverity.Error));
        Assert.That(first.Location.Line, Is.EqualTo(12));
        Assert.That(first.Message, Does.StartWith("'unicast_peer {' at line 12 is not closed"));
        Assert.That(first.Message, Does.Contain("'virtual_ipaddress' at line 15"));
    }

    [Test]
    public void Read_UnclosedUnicastPeer_RestOfFileReadAsIfClosed()
    {
        var (config, _) = KeepalivedConfigReader.ReadText(UnclosedUnicastPeer, "brace.conf");

        Assert.That(config.Instances.Select(i => i.Name), Is.EqualTo(new[] { "VI_1", "VI_2" }));
        Assert.That(config.Instances[0].VirtualAddresses.Single().ToString(), Is.EqualTo("192.0.2.100/24"));
        Assert.That(config.SyncGroups.Single().Name, Is.EqualTo("G1"));
    }

    [Test]
    public void Read_UnindentedFileWithUnclosedInstance_NamesTheInstanceThatStartsInsideIt()
    {
        const string text = "vrrp_instance A {\ninterface eth0\nvirtual_router_id 1\nvirtual_ipaddress {\n192.0.2.1\n}\n\n"
            + "vrrp_instance B {\ninterface eth0\nvirtual_router_id 2\nvirtual_ipaddress {\n192.0.2.2\n}\n}\n";

        var diagnostics = Read(text);

        Assert.That(diagnostics, Has.Count.EqualTo(1), string.Join('\n', diagnostics));
        Assert.That(diagnostics[0].Location.Line, Is.EqualTo(1));
        Assert.That(diagnostics[0].Message, Does.StartWith("'vrrp_instance A {' at line 1 is not closed: the next 'vrrp_instance B' at line 8 starts inside it"));
    }

    [Test]
    public void Read_ReferenceErrorBeforeSyntaxError_SyntaxErrorListedFirst()
    {
        const string text = "vrrp_instance A {\n interface eth0\n virtual_router_id 1\n track_script {\n  nope\n }\n virtual_ipaddress {\n  192.0.2.1\n }\n}\n}\n";

        var diagnostics = Read(text);

        Assert.That(diagnostics.Count, Is.GreaterThanOrEqualTo(2), string.Join('\n', diagnostics));
        Assert.That(diagnostics[0].Message, Is.EqualTo("unexpected '}' (no block is open)"));
        Assert.That(diagnostics[0].Location.Line, Is.EqualTo(11));
    }
}
