using LogForge.Delivery.Changes;
using LogForge.Delivery.Checks;
using LogForge.Delivery.Environments;
using LogForge.Delivery.Git;
using LogForge.Delivery.Tools;

namespace LogForge.Delivery.Status;

/// <summary>
/// Renders the policy's parity pair (staging, production) from <c>deploy/</c> at the revision read — a <see cref="ScratchTree"/>, so the
/// working tree's edits do not count — with helm's run cache of the checkout (a warm read starts no helm), and judges them with the
/// gate's <see cref="ParityCheck"/>. Without helm, or when a values file does not render there, it says why instead.
/// </summary>
public static class GitParityReader
{
    public static async Task<(GitParity? Parity, string? Problem)> ReadAsync(string checkoutRoot, string revision, EnvironmentPolicy policy,
        HelmTool? helm, string? noHelm, CancellationToken ct)
    {
        if (policy.Parity.Compare is not [var left, var right]) return (null, $"{EnvironmentPolicy.RelativePath} names no parity pair");
        if (helm is null) return (null, noHelm ?? "no helm");

        await using var tree = await ScratchTree.CreateAsync(new GitCli(checkoutRoot), revision, ["deploy"], ct);
        var renderer = new HelmRenderer(tree.Path, helm, policy, useCache: true, HelmRenderer.CacheDirectory(checkoutRoot));
        string[] pair = [left, right];
        var runs = await Task.WhenAll(pair.Select(env => renderer.TemplateOnlyAsync(env, ct)));
        for (var i = 0; i < pair.Length; i++)
            if (!runs[i].Succeeded)
                return (null, $"{policy.ValuesFileFor(pair[i])} does not render at {FlowFailures.Short(revision)}: " +
                    $"{runs[i].ErrorLines().FirstOrDefault() ?? "helm failed"} — ./build.sh ValidationGate shows the whole error");

        var result = new ParityCheck(policy).Check(
            new RenderedEnvironment(left, ManifestDocument.ParseAll(runs[0].StandardOutput)),
            new RenderedEnvironment(right, ManifestDocument.ParseAll(runs[1].StandardOutput)));
        if (result.Status == CheckStatus.Passed) return (new GitParity(left, right, [], result.Detail), null);
        var forbidden = result.Detail.Split('\n');
        return (new GitParity(left, right, forbidden, $"{forbidden.Length} difference{(forbidden.Length == 1 ? "" : "s")} the policy does not allow"), null);
    }
}
