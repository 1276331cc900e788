using LogForge.Delivery.Versions;
using LogForge.Testing;

namespace LogForge.Delivery.Tests.Release;

public sealed class ImageTagHistoryTests
{
    private const string Production = "deploy/env/production/values.yaml";

    [Fact]
    public async Task Lists_each_change_of_the_tag_newest_first_skipping_other_commits()
    {
        using var origin = await OriginRepository.CreateAsync();
        var initial = await origin.Seed.OutputAsync(["rev-parse", "HEAD"], default);
        var to020 = await origin.CommitAndPushAsync("promote 0.2.0", root => SetTag(root, "0.2.0"));
        await origin.CommitAndPushAsync("replicas", root => Replace(root, "replicaCount: 2\n", "replicaCount: 2 # two\n"));
        var broken = await origin.CommitAndPushAsync("broken file", root => Replace(root, "  tag: \"0.2.0\"", "  tag: *nope"));
        var to030 = await origin.CommitAndPushAsync("promote 0.3.0", root => Replace(root, "  tag: *nope", "  tag: \"0.3.0\""));
        await origin.CommitAndPushAsync("unrelated", root => File.WriteAllText(Path.Combine(root, "NOTES.md"), "x\n"));

        var history = await ImageTagHistory.ReadAsync(origin.Bare, "main", Production, default);

        Assert.Equal([new ImageTagRevision(to030, "0.3.0"), new ImageTagRevision(to020, "0.2.0"), new ImageTagRevision(initial, "0.1.0")], history);
        Assert.NotEqual(broken, to030);
    }

    private static void SetTag(string root, string tag) => Replace(root, "  tag: \"0.1.0\"", $"  tag: \"{tag}\"");

    private static void Replace(string root, string old, string replacement)
    {
        var path = Path.Combine(root, Production);
        var text = File.ReadAllText(path);
        Assert.Contains(old, text);
        File.WriteAllText(path, text.Replace(old, replacement));
    }
}
