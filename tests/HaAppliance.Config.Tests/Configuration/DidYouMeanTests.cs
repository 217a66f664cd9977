using HaAppliance.Config;

namespace HaAppliance.Config.Tests.Configuration;

public sealed class DidYouMeanTests
{
    [TestCase("prority", "priority")]
    [TestCase("lable", "label")]
    [TestCase("advert", "advert_int")]
    [TestCase("VIRTUAL_ROUTER_ID", "virtual_router_id")]
    public void Suggest_Typo_ReturnsClosest(string typo, string expected) =>
        Assert.That(DidYouMean.Suggest(typo, ["priority", "label", "advert_int", "virtual_router_id", "interface"]), Is.EqualTo(expected));

    [Test]
    public void Suggest_UnrelatedWord_ReturnsNull() =>
        Assert.That(DidYouMean.Suggest("zebra", ["priority", "interface"]), Is.Null);

    [TestCase("kitten", "sitting", 3)]
    [TestCase("ab", "ba", 1)]
    [TestCase("", "abc", 3)]
    public void Distance_Pairs_IsEditDistance(string a, string b, int expected) =>
        Assert.That(DidYouMean.Distance(a, b), Is.EqualTo(expected));
}
