using LogForge.Delivery.Tools;

namespace LogForge.Delivery.Environments;

/// <summary>
/// `helm lint --strict` of the chart, and for every environment in the policy
/// `helm template logforge-&lt;env&gt; deploy/helm/logforge -f deploy/env/&lt;env&gt;/values.yaml --namespace &lt;env&gt;`,
/// all at once; each manifest is written to artifacts/rendered/&lt;env&gt;.yaml.
/// </summary>
/// <remarks>
/// The chart is linted once, not once per environment: a helm process costs ~0.1 s of start-up here
/// (docs/performance.md), and what a per-environment lint adds over `helm template` — Kubernetes
/// name validation — is checked on the rendered manifests instead (ConformanceChecks, object names).
/// </remarks>
/// <remarks>
/// With <paramref name="useCache"/>, helm runs whose chart, values, arguments and helm version are
/// byte-for-byte those of an earlier successful run are answered from artifacts/rendered/.cache (or
/// <paramref name="cacheDirectory"/>: Release renders a temporary worktree with the checkout's cache).
/// </remarks>
public sealed class HelmRenderer(string repoRoot, HelmTool helm, EnvironmentPolicy policy, bool useCache = false, string? cacheDirectory = null)
{
    public static string OutputDirectory(string repoRoot) => Path.Combine(RepositoryLayout.Artifacts(repoRoot), "rendered");
    public static string CacheDirectory(string repoRoot) => Path.Combine(OutputDirectory(repoRoot), ".cache");

    private readonly HelmCli _helm = new(helm);
    private readonly HelmRunCache? _cache = useCache ? new HelmRunCache(cacheDirectory ?? CacheDirectory(repoRoot)) : null;

    public HelmRenderer(string repoRoot, HelmTool helm, bool useCache = false)
        : this(repoRoot, helm, EnvironmentPolicyLoader.Load(repoRoot), useCache) { }

    /// <summary>Lints the chart and renders every environment, in parallel; one result per environment, in policy order.</summary>
    public async Task<IReadOnlyList<RenderResult>> RenderAllAsync(CancellationToken ct = default)
    {
        var lint = LintAsync(ct);
        var templates = policy.EnvironmentNames.Select(env => (Env: env, Run: TemplateAsync(env, ct))).ToList();
        var lintRun = await lint;
        var results = new List<RenderResult>();
        foreach (var (env, run) in templates)
        {
            var (template, outputPath) = await run;
            results.Add(new RenderResult(env, lintRun, template, outputPath));
        }
        _cache?.Prune(); // every environment was rendered: what this run did not use is stale
        return results;
    }

    /// <summary>Lints the chart and renders one environment.</summary>
    public async Task<RenderResult> RenderAsync(string env, CancellationToken ct = default)
    {
        var lint = LintAsync(ct);
        var (template, outputPath) = await TemplateAsync(env, ct);
        return new RenderResult(env, await lint, template, outputPath);
    }

    /// <summary>Renders one environment without linting the chart (Status compares two renders; the gate lints) and without pruning the cache.</summary>
    public async Task<HelmRun> TemplateOnlyAsync(string env, CancellationToken ct = default) => (await TemplateAsync(env, ct)).Template;

    public Task<HelmRun> LintAsync(CancellationToken ct = default) =>
        RunAsync(["lint", "--strict", policy.Chart], [policy.Chart], ct);

    private Task<HelmRun> RunAsync(IReadOnlyList<string> arguments, IReadOnlyList<string> inputs, CancellationToken ct) =>
        _cache is null ? _helm.RunAsync(arguments, repoRoot, ct) : _cache.RunAsync(_helm, arguments, inputs, repoRoot, ct);

    private async Task<(HelmRun Template, string? OutputPath)> TemplateAsync(string env, CancellationToken ct)
    {
        var template = await RunAsync(
            ["template", policy.ReleaseNameFor(env), policy.Chart, "-f", policy.ValuesFileFor(env), "--namespace", policy.Environments[env].Namespace],
            [policy.Chart, policy.ValuesFileFor(env)], ct);
        if (!template.Succeeded)
            return (template, null);

        var outputPath = Path.Combine(OutputDirectory(repoRoot), $"{env}.yaml");
        Directory.CreateDirectory(Path.GetDirectoryName(outputPath)!);
        await File.WriteAllTextAsync(outputPath, template.StandardOutput, ct);
        return (template, outputPath);
    }
}
