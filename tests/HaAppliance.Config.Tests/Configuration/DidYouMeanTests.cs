using HaAppliance.Config;

namespace HaAppliance.Config.Tests.Configuration;

public sealed class DidYouMeanTests
{
    private static readonly string[] Keys = ["priority", "label", "advert_int", "virtual_router_id", "interface"];

    [TestCase("prority", "priority")]
    [TestCase("lable", "label")]
    [TestCase("advert", "advert_int")]
    [TestCase("VIRTUAL_ROUTER_ID", "virtual_router_id")]
    public void Suggest_Typo_ReturnsClosest(string typo, string expected) =>
        Assert.That(DidYouMean.Suggest(typo, Keys), Is.EqualTo(expected));

    [Test]
    public void Suggest_UnrelatedWord_ReturnsNull() =>
        Assert.That(DidYouMean.Suggest("zebra", ["priority", "interface"]), Is.Null);

    [TestCase("foo", "fall")]
    [TestCase("ab", "xy")]
    [TestCase("intvl", "interval")]
    public void Suggest_MoreEditsThanOnePerThreeCharacters_ReturnsNull(string value, string candidate) =>
        Assert.That(DidYouMean.Suggest(value, [candidate]), Is.Null);

    [TestCase("fal", "fall")]
    [TestCase("lable", "label")]
    [TestCase("intervl_xy", "interval_xyz")]
    public void Suggest_WithinOneEditPerThreeCharacters_ReturnsCandidate(string value, string candidate) =>
        Assert.That(DidYouMean.Suggest(value, [candidate]), Is.EqualTo(candidate));

    [Test]
    public void Suggest_PrefixOfTwoCandidates_FallsBackToDistance() =>
        Assert.That(DidYouMean.Suggest("notify", ["notify_master", "notify_backup"]), Is.Null);

    [Test]
    public void Suggest_PrefixShorterThanThree_IsNoCompletion() =>
        Assert.That(DidYouMean.Suggest("ad", ["advert_int"]), Is.Null);

    [Test]
    public void Suggest_Tie_FirstCandidateWins() =>
        Assert.That(DidYouMean.Suggest("VI_3", ["VI_1", "VI_2"]), Is.EqualTo("VI_1"));

    [Test]
    public void Suggest_KeepalivedKeywordTypos_SameRuleAsTheNativeSchema()
    {
        // The keepalived.conf reader uses this class too: one rule for both syntaxes.
        Assert.That(DidYouMean.Suggest("intreval", ["interval", "script", "weight"]), Is.EqualTo("interval"));
        Assert.That(DidYouMean.Suggest("router-id", ["router_id", "notification_email"]), Is.EqualTo("router_id"));
    }

    [TestCase(2, 1)]
    [TestCase(5, 1)]
    [TestCase(6, 2)]
    [TestCase(9, 3)]
    public void MaxEdits_Length_OnePerThreeCharactersAtLeastOne(int length, int expected) =>
        Assert.That(DidYouMean.MaxEdits(length), Is.EqualTo(expected));

    [Test]
    public void Hint_Suggestion_NativeAndKeepalivedForms()
    {
        Assert.That(DidYouMean.Hint("prority", Keys), Is.EqualTo("; did you mean 'priority'?"));
        Assert.That(DidYouMean.HintInParentheses("prority", Keys), Is.EqualTo(" (did you mean 'priority'?)"));
        Assert.That(DidYouMean.Hint("zebra", Keys), Is.Empty);
        Assert.That(DidYouMean.HintInParentheses("zebra", Keys), Is.Empty);
    }

    [TestCase("kitten", "sitting", 3)]
    [TestCase("ab", "ba", 1)]
    [TestCase("", "abc", 3)]
    [TestCase("lable", "label", 1)]
    public void Distance_Pairs_IsEditDistanceWithTranspositions(string a, string b, int expected) =>
        Assert.That(DidYouMean.Distance(a, b), Is.EqualTo(expected));

    [Test]
    public void Suggest_HugeValue_ReturnsNull() =>
        Assert.That(DidYouMean.Suggest(new string('x', 300), [new string('x', 299)]), Is.Null);
}
