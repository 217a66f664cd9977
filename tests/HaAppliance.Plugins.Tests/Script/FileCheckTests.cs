using HaAppliance.Plugins.Script;
using HaAppliance.Plugins.Tests.Support;

namespace HaAppliance.Plugins.Tests.Script;

[TestFixture]
public sealed class FileCheckTests
{
    private TempFolder _dir = null!;

    [SetUp]
    public void CreateFolder() => _dir = new TempFolder();

    [TearDown]
    public void DeleteFolder() => _dir.Dispose();

    private async Task<Abstractions.HealthResult> Run(string? content, bool initFile = false, int? initValue = null, bool overwrite = false)
    {
        string path = Path.Combine(_dir.Path, "track");
        if (content is not null)
        {
            await File.WriteAllTextAsync(path, content);
        }

        return await new FileCheck(new FileCheckOptions { Path = path, InitFile = initFile, InitValue = initValue, InitFileOverwrite = overwrite }).CheckAsync(CancellationToken.None);
    }

    [Test]
    public async Task CheckAsync_Zero_Healthy() =>
        Assert.That(await Run("0\n"), Is.EqualTo(new Abstractions.HealthResult(true, "value 0")));

    [Test]
    public async Task CheckAsync_NonZero_FailsWithValue() =>
        Assert.That(await Run(" -5 \n"), Is.EqualTo(new Abstractions.HealthResult(false, "value -5")));

    [Test]
    public async Task CheckAsync_NotANumber_Fails() =>
        Assert.That((await Run("abc")).Detail, Does.EndWith("holds 'abc', not an integer"));

    [Test]
    public async Task CheckAsync_Missing_Fails() =>
        Assert.That((await Run(null)).Detail, Does.EndWith("track missing"));

    [Test]
    public async Task CheckAsync_MissingWithInitFile_CreatesItWithInitValue()
    {
        var result = await Run(null, initFile: true, initValue: 2);

        Assert.That(result.Detail, Is.EqualTo("value 2"));
        Assert.That(File.ReadAllText(Path.Combine(_dir.Path, "track")), Is.EqualTo("2\n"));
    }

    [Test]
    public async Task CheckAsync_MissingWithInitValueOnly_CreatesIt()
    {
        var result = await Run(null, initValue: 3);

        Assert.That(result.Detail, Is.EqualTo("value 3"));
    }

    [Test]
    public async Task CheckAsync_ExistingWithInitFileButNoOverwrite_KeepsItsValue() =>
        Assert.That((await Run("0\n", initValue: 4)).Detail, Is.EqualTo("value 0"));

    [Test]
    public async Task CheckAsync_ExistingWithInitFileOverwrite_WritesInitValue()
    {
        var result = await Run("0\n", initValue: 4, overwrite: true);

        Assert.That(result, Is.EqualTo(new Abstractions.HealthResult(false, "value 4")));
    }
}
