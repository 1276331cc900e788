using LogForge.Delivery.Tools;

namespace LogForge.Delivery.Environments;

/// <summary>
/// One environment's `helm template` (its manifest, written to <see cref="OutputPath"/>) and the
/// `helm lint --strict` of the chart it was rendered from.
/// </summary>
public sealed record RenderResult(string Environment, HelmRun Lint, HelmRun Template, string? OutputPath)
{
    public bool Succeeded => Lint.Succeeded && Template.Succeeded;

    public string Manifest => Template.StandardOutput;

    /// <summary>What went wrong, in helm's words, one line each prefixed lint: or template:, or "" when both passed.</summary>
    public string Failure => string.Join("\n",
        Lint.ErrorLines().Select(l => $"lint: {l}").Concat(Template.ErrorLines().Select(l => $"template: {l}")));
}
