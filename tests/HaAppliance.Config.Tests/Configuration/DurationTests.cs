using HaAppliance.Config;

namespace HaAppliance.Config.Tests.Configuration;

public sealed class DurationTests
{
    [TestCase("1s", 1000)]
    [TestCase("500ms", 500)]
    [TestCase("1.5s", 1500)]
    [TestCase("2", 2000)]
    [TestCase("0.25", 250)]
    [TestCase("2m", 120_000)]
    [TestCase("1h", 3_600_000)]
    [TestCase(" 3 s ", 3000)]
    public void TryParse_Valid_ReturnsMilliseconds(string text, int ms)
    {
        Assert.That(Duration.TryParse(text, out var value), Is.True);
        Assert.That(value, Is.EqualTo(TimeSpan.FromMilliseconds(ms)));
    }

    [TestCase("")]
    [TestCase("fast")]
    [TestCase("-1s")]
    [TestCase("1e3")]
    [TestCase("1d")]
    [TestCase("99999999999999999h")]
    public void TryParse_Invalid_ReturnsFalse(string text) => Assert.That(Duration.TryParse(text, out _), Is.False);

    [TestCase(1000, "1s")]
    [TestCase(1500, "1500ms")]
    [TestCase(10, "10ms")]
    public void Format_Value_ReadsBackEqual(int ms, string expected)
    {
        var text = Duration.Format(TimeSpan.FromMilliseconds(ms));

        Assert.That(text, Is.EqualTo(expected));
        Assert.That(Duration.TryParse(text, out var back) && back == TimeSpan.FromMilliseconds(ms), Is.True);
    }
}
