using System.Diagnostics;
using LogForge.Delivery.Environments;
using LogForge.Delivery.Tools;

namespace LogForge.Delivery.Validation;

/// <summary>
/// The offline validation gate: HelmRender (lint + template, three environments in parallel),
/// policy conformance of each rendered environment, staging/production parity, the Argo CD
/// Applications; the cluster checks are reported as skipped.
/// </summary>
public sealed class ValidationGate(string repoRoot, HelmTool helm)
{
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
        var renders = new HelmRenderer(repoRoot, helm, policy).RenderAllAsync(ct);
        var argo = Task.Run(() => new ArgoApplicationChecks(repoRoot, policy).Check(), ct);

        var rendered = new Dictionary<string, RenderedEnvironment>();
        foreach (var render in await renders)
        {
            var name = $"HelmRender {render.Environment}";
            if (!render.Succeeded)
            {
                results.Add(CheckResult.Fail(name, $"{policy.ValuesFileFor(render.Environment)} does not render:\n{render.Failure}"));
                continue;
            }
            results.Add(CheckResult.Pass(name, $"lint --strict and template → {Path.GetRelativePath(repoRoot, render.OutputPath!)}"));
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
        results.AddRange(ClusterChecks.SkippedWithoutCluster());
        return new ValidationReport(results, Stopwatch.GetElapsedTime(started), helm.Description);
    }
}
