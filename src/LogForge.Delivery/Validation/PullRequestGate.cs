using LogForge.Delivery.Environments;
using LogForge.Delivery.Tools;

namespace LogForge.Delivery.Validation;

/// <summary>
/// The offline gate on a pull request's tree (Release, Promote, Rollback): the <see cref="ValidationGate"/> without its cluster half,
/// helm's runs cached in the checkout at <paramref name="checkoutRoot"/> (unless <paramref name="useRenderCache"/> is off), the report
/// passed through <paramref name="mask"/> (the build's secret masker) before it reaches a file or a pull request.
/// </summary>
public sealed class PullRequestGate(string checkoutRoot, HelmTool helm, bool useRenderCache, Func<string, string> mask)
{
    public async Task<ValidationReport> RunAsync(string treeRoot, CancellationToken ct)
    {
        var gate = new ValidationGate(treeRoot, helm, useRenderCache, ClusterChecks.Skipped(treeRoot, "not part of the pull request's offline gate"),
            HelmRenderer.CacheDirectory(checkoutRoot));
        return (await gate.RunAsync(ct)).Masked(mask);
    }
}
