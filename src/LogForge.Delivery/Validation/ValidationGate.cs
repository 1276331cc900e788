using System.Diagnostics;
using LogForge.Delivery.Checks;
using LogForge.Delivery.Environments;
using LogForge.Delivery.Tools;
using LogForge.Delivery.Validation.Workflows;

namespace LogForge.Delivery.Validation;

/// <summary>
/// The offline validation gate: HelmRender (chart lint + a template per environment, in parallel),
/// policy conformance of each rendered environment, staging/production parity, the Argo CD
/// Applications, the workflows (files, pinning, permissions, run: interpolation; release.yml and
/// promote-production.yml; the scope of Release's and Promote's tag edits on a copy of deploy/env);
/// then the checks that need a cluster (skipped, with the reason, without one).
/// </summary>
/// <remarks><paramref name="renderCacheDirectory"/>: where the helm run cache lives when it is not the tree's own
/// artifacts/rendered/.cache (Release gates a temporary worktree with the checkout's cache).</remarks>
public sealed class ValidationGate(
    string repoRoot, HelmTool helm, bool useRenderCache = false, ClusterChecks? cluster = null, string? renderCacheDirectory = null)
{
    public const string NoClusterReason = "no cluster configured";

    public async Task<ValidationReport> RunAsync(CancellationToken ct = default)
    {
        var started = Stopwatch.GetTimestamp();
        var results = new List<CheckResult>();

        EnvironmentPolicy policy;
        try
        {
            policy = EnvironmentPolicyLoader.Load(repoRoot);
            results.Add(CheckResult.Pass("Policy", $"{EnvironmentPolicy.RelativePath}: {string.Join(", ", policy.EnvironmentNames)}"));
        }
        catch (InvalidDataException e)
        {
            results.Add(CheckResult.Fail("Policy", e.Message));
            return new ValidationReport(results, Stopwatch.GetElapsedTime(started), helm.Description);
        }

        // The Argo checks read files only; they run while helm renders.
        var renders = new HelmRenderer(repoRoot, helm, policy, useRenderCache, renderCacheDirectory).RenderAllAsync(ct);
        var argo = Task.Run(() => new ArgoApplicationChecks(repoRoot, policy).Check(), ct);
        var workflows = Task.Run(() => CheckWorkflows(policy), ct);

        var renderResults = await renders;
        var lint = renderResults[0].Lint; // one lint of the chart, shared by every environment
        results.Add(lint.Succeeded
            ? CheckResult.Pass("HelmLint", $"helm lint --strict {policy.Chart}{lint.CachedNote}")
            : CheckResult.Fail("HelmLint", $"{policy.Chart} does not lint:\n{string.Join("\n", lint.ErrorLines())}"));

        var rendered = new Dictionary<string, RenderedEnvironment>();
        foreach (var render in renderResults)
        {
            var name = $"HelmRender {render.Environment}";
            if (!render.Template.Succeeded)
            {
                var errors = string.Join("\n", render.Template.ErrorLines().Select(l => $"template: {l}"));
                results.Add(CheckResult.Fail(name, $"{policy.ValuesFileFor(render.Environment)} does not render:\n{errors}"));
                continue;
            }
            results.Add(CheckResult.Pass(name, $"helm template → {Path.GetRelativePath(repoRoot, render.OutputPath!)}{render.Template.CachedNote}"));
            rendered[render.Environment] = new RenderedEnvironment(render.Environment, ManifestDocument.ParseAll(render.Manifest));
        }

        var conformance = new ConformanceChecks(policy);
        foreach (var env in policy.EnvironmentNames)
        {
            results.AddRange(rendered.TryGetValue(env, out var environment)
                ? conformance.Check(environment)
                : [CheckResult.Skip($"Conformance {env}", $"{env} did not render")]);
        }

        var parity = new ParityCheck(policy);
        var (left, right) = (policy.Parity.Compare[0], policy.Parity.Compare[1]);
        results.Add(rendered.ContainsKey(left) && rendered.ContainsKey(right)
            ? parity.Check(rendered[left], rendered[right])
            : CheckResult.Skip(parity.Name, $"{left} or {right} did not render"));

        results.AddRange(await argo);
        results.AddRange(await workflows);
        results.AddRange(await (cluster ?? ClusterChecks.Skipped(repoRoot, NoClusterReason)).RunAsync(policy, ct));
        return new ValidationReport(results, Stopwatch.GetElapsedTime(started), helm.Description);
    }

    private List<CheckResult> CheckWorkflows(EnvironmentPolicy policy)
    {
        var (files, problems) = WorkflowFile.LoadAll(repoRoot);
        return [.. WorkflowChecks.Check(files, problems), .. DeliveryWorkflowChecks.Check(files), .. TagEditScopeChecks.Check(repoRoot, policy)];
    }
}
