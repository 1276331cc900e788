using LogForge.Delivery.Versions;
using LogForge.Testing.Registry;

namespace LogForge.Testing.Promotion;

/// <summary>
/// A bare origin whose main has a promotion history: seeded with this checkout's deploy/ (every tag 0.1.0), production promoted
/// 0.0.8 → 0.0.9 → 0.1.0 (tags pushed), a commit that leaves the tags alone, then v0.2.0 tagged and released to dev and staging.
/// Every release pins its image digest (<see cref="DigestOf"/>) with the tag, as Release does with --image-digest.
/// </summary>
public static class PromotionOrigin
{
    public const string Dev = "deploy/env/dev/values.yaml";
    public const string Staging = "deploy/env/staging/values.yaml";
    public const string Production = "deploy/env/production/values.yaml";

    public static async Task<OriginRepository> CreateAsync()
    {
        var origin = await OriginRepository.CreateAsync();
        foreach (var version in new[] { "0.0.8", "0.0.9", "0.1.0" })
        {
            await origin.CommitAndPushAsync($"promote: v{version} to production", root => SetTag(root, Production, version));
            await origin.TagAsync($"v{version}");
        }
        await origin.CommitAndPushAsync("docs: a change that leaves the tags alone", root => File.AppendAllText(Path.Combine(root, "deploy/README.md"), "\n"));
        await origin.TagAsync("v0.2.0");
        await origin.CommitAndPushAsync("release: v0.2.0 to dev and staging", root => { SetTag(root, Dev, "0.2.0"); SetTag(root, Staging, "0.2.0"); });
        return origin;
    }

    public static void SetTag(string root, string file, string tag) => ImageTagEdit.Write(Path.Combine(root, file), new ImagePin(tag, DigestOf(tag)), file);

    /// <summary>The digest the scenario's image <paramref name="tag"/> was built with: what <see cref="PushImagesAsync"/> pushes.</summary>
    public static string DigestOf(string tag) => DistributionRegistry.DigestOf(ImageContent(tag));

    /// <summary>Every image the scenario released (0.0.8, 0.0.9, 0.1.0, 0.2.0) pushed to <paramref name="registry"/> under its tag.</summary>
    public static async Task PushImagesAsync(DistributionRegistry registry)
    {
        foreach (var tag in new[] { "0.0.8", "0.0.9", "0.1.0", "0.2.0" })
            await registry.PushAsync("logforge-dev/logforge", tag, ImageContent(tag));
    }

    private static string ImageContent(string tag) => $"LogForge {tag}";

    /// <summary>deploy/ of <paramref name="commit"/> in a new temporary folder (what Argo CD renders at that revision).</summary>
    public static async Task<string> ExportDeployAsync(OriginRepository origin, string commit)
    {
        var root = Directory.CreateTempSubdirectory("logforge-revision-").FullName;
        Directory.CreateDirectory(Path.Combine(root, ".nuke"));
        var files = (await origin.Bare.OutputAsync(["ls-tree", "-r", "--name-only", commit, "deploy"], CancellationToken.None)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        foreach (var file in files)
        {
            var path = Path.Combine(root, file);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllTextAsync(path, await origin.ShowAsync(commit, file));
        }
        return root;
    }
}

