using HaAppliance.Config;
using HaAppliance.Hosting.Plugins;

namespace HaAppliance.Hosting.Tests.Plugins;

[TestFixture]
public sealed class PluginOptionsBinderTests
{
    private static PluginSettings Settings(params (string Key, string Value)[] values)
    {
        var settings = new PluginSettings();
        int line = 1;
        foreach (var (key, value) in values)
        {
            settings.Set(key, value, new SourceLocation("f.yaml", line++, 7));
        }

        return settings;
    }

    private static SampleOptions Bind(PluginSettings settings) =>
        (SampleOptions)PluginOptionsBinder.Bind(typeof(SampleOptions), settings, "check 'c'", new SourceLocation("f.yaml", 1, 1));

    [Test]
    public void Bind_SnakeCaseKeys_SetPascalCaseProperties()
    {
        var options = Bind(Settings(("connect_timeout", "00:00:03"), ("verify_tls", "false"), ("quorum_max", "4")));

        Assert.That(options.ConnectTimeout, Is.EqualTo(TimeSpan.FromSeconds(3)));
        Assert.That(options.VerifyTls, Is.False);
        Assert.That(options.QuorumMax, Is.EqualTo(4));
    }

    [TestCase("2", 2000)]
    [TestCase("0.5", 500)]
    [TestCase("250ms", 250)]
    [TestCase("2s", 2000)]
    [TestCase("1m", 60000)]
    public void Bind_DurationWithOrWithoutUnit_Converts(string text, int milliseconds)
    {
        var options = Bind(Settings(("connect_timeout", text)));

        Assert.That(options.ConnectTimeout, Is.EqualTo(TimeSpan.FromMilliseconds(milliseconds)));
    }

    [Test]
    public void Bind_IndexedListAndDictionaryKeys_BindCollections()
    {
        var options = Bind(Settings(("expect_status:0", "200"), ("expect_status:1", "300-399"), ("headers:X-Token", "abc")));

        Assert.That(options.ExpectStatus, Is.EqualTo(new[] { "200", "300-399" }));
        Assert.That(options.Headers, Does.ContainKey("X-Token").WithValue("abc"));
    }

    [Test]
    public void Bind_ScalarForListProperty_BecomesSingleElement()
    {
        var options = Bind(Settings(("expect_status", "204")));

        Assert.That(options.ExpectStatus, Is.EqualTo(new[] { "204" }));
    }

    [Test]
    public void Bind_BadValue_ReportsLocationKeyValue()
    {
        var ex = Assert.Throws<PluginConfigurationException>(() => Bind(Settings(("verify_tls", "false"), ("quorum_max", "four"))));

        Assert.That(ex!.Diagnostic.Location, Is.EqualTo(new SourceLocation("f.yaml", 2, 7)));
        Assert.That(ex.Message, Does.StartWith("f.yaml:2:7: error: check 'c': invalid setting 'quorum_max' = 'four': "));
    }

    [Test]
    public void Bind_ValidatingSetterThrows_ReportsItsMessage()
    {
        var ex = Assert.Throws<PluginConfigurationException>(() => Bind(Settings(("port", "70000"))));

        Assert.That(ex!.Message, Does.Contain("invalid setting 'port' = '70000'").And.Contain("port must be 1-65535"));
    }

    private sealed class SampleOptions
    {
        private int _port = 80;

        public TimeSpan ConnectTimeout { get; set; }

        public bool VerifyTls { get; set; } = true;

        public int QuorumMax { get; set; }

        public List<string> ExpectStatus { get; set; } = [];

        public Dictionary<string, string> Headers { get; set; } = [];

        public int Port
        {
            get => _port;
            set => _port = value is >= 1 and <= 65535 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "port must be 1-65535");
        }
    }
}
