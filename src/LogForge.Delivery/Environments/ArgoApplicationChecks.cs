using LogForge.Delivery.Checks;
using YamlDotNet.RepresentationModel;

namespace LogForge.Delivery.Environments;

/// <summary>
/// The Argo CD Applications in deploy/argocd/: one per environment, source path and helm.valueFiles
/// existing in the repository, destination namespace, sync policy, project, finalizer, and one repoURL for all.
/// </summary>
public sealed class ArgoApplicationChecks(string repoRoot, EnvironmentPolicy policy)
{
    public IReadOnlyList<CheckResult> Check()
    {
        var results = new List<CheckResult>();
        var repoUrls = new Dictionary<string, string>();
        foreach (var env in policy.EnvironmentNames)
        {
            var file = policy.ApplicationFileFor(env);
            var name = $"Argo {env}: {Path.GetFileName(file)}";
            var (application, loadProblem) = LoadApplication(file);
            if (application is null)
            {
                results.Add(CheckResult.Fail(name, loadProblem!));
                continue;
            }
            repoUrls[env] = application.ScalarAt("spec", "source", "repoURL") ?? "";
            results.Add(CheckResult.FromProblems($"{name} metadata", MetadataProblems(env, application),
                $"{application.Name} in {policy.Argocd.Namespace}, project {policy.Argocd.Project}"));
            results.Add(CheckResult.FromProblems($"{name} source", SourceProblems(env, application), $"{policy.Chart} with {policy.ValuesFileFor(env)}"));
            results.Add(CheckResult.FromProblems($"{name} destination", DestinationProblems(env, application),
                $"namespace {policy.Environments[env].Namespace}"));
            results.Add(CheckResult.FromProblems($"{name} sync policy", SyncProblems(env, application), policy.Environments[env].Sync + " sync"));
        }
        results.Add(OneApplicationPerEnvironment());
        results.Add(RepoUrlConsistency(repoUrls));
        return results;
    }

    private CheckResult OneApplicationPerEnvironment()
    {
        const string name = "Argo: one Application per environment";
        var expected = policy.EnvironmentNames.Select(policy.ApplicationFileFor).ToHashSet();
        var directories = expected.Select(f => Path.GetDirectoryName(f)!).Distinct();
        var present = directories
            .Where(d => Directory.Exists(Path.Combine(repoRoot, d)))
            .SelectMany(d => Directory.EnumerateFiles(Path.Combine(repoRoot, d), "*.y*ml")
                .Select(f => $"{d}/{Path.GetFileName(f)}"))
            .ToHashSet();
        var problems = present.Except(expected).Order()
            .Select(f => $"{f} is not the Application of any environment in {EnvironmentPolicy.RelativePath}")
            .Concat(expected.Except(present).Order().Select(f => $"{f} is missing"))
            .ToList();
        return CheckResult.FromProblems(name, problems, string.Join(", ", expected.Order()));
    }

    private (ManifestDocument? Application, string? Problem) LoadApplication(string relativePath)
    {
        var path = Path.Combine(repoRoot, relativePath);
        if (!File.Exists(path))
            return (null, $"{relativePath} does not exist");
        IReadOnlyList<ManifestDocument> documents;
        try
        {
            documents = ManifestDocument.ParseAll(File.ReadAllText(path));
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            return (null, $"{relativePath} is not valid YAML: {e.Message}");
        }
        var applications = documents.Where(d => d.Kind == "Application").ToList();
        if (documents.Count != 1 || applications.Count != 1)
            return (null, $"{relativePath} must hold exactly one Application; it holds {string.Join(", ", documents.Select(d => d.Id))}");
        var apiVersion = applications[0].ScalarAt("apiVersion");
        return apiVersion == "argoproj.io/v1alpha1"
            ? (applications[0], null)
            : (null, $"{relativePath}: apiVersion is '{apiVersion}'; expected argoproj.io/v1alpha1");
    }

    private List<string> MetadataProblems(string env, ManifestDocument app)
    {
        var problems = new List<string>();
        var expectedName = policy.ApplicationNameFor(env);
        if (app.Name != expectedName)
            problems.Add($"{app.Id}: metadata.name should be '{expectedName}'");
        if (app.Namespace != policy.Argocd.Namespace)
            problems.Add($"{app.Id}: metadata.namespace is '{app.Namespace ?? "(none)"}'; policy says '{policy.Argocd.Namespace}'");
        if (!app.At("metadata", "finalizers").Items().Any(f => f.ToShortText() == policy.Argocd.Finalizer))
            problems.Add($"{app.Id}: metadata.finalizers lacks {policy.Argocd.Finalizer}");
        var project = app.ScalarAt("spec", "project");
        if (project != policy.Argocd.Project)
            problems.Add($"{app.Id}: spec.project is '{project ?? "(none)"}'; policy says '{policy.Argocd.Project}'");
        return problems;
    }

    private List<string> SourceProblems(string env, ManifestDocument app)
    {
        var problems = new List<string>();
        var source = app.At("spec", "source");
        if (source is null)
            return [$"{app.Id}: spec.source is missing (one source is expected)"];

        var sourcePath = source.ScalarAt("path") ?? "";
        if (sourcePath != policy.Chart)
            problems.Add($"{app.Id}: spec.source.path is '{sourcePath}'; policy says '{policy.Chart}'");
        if (!Directory.Exists(Path.Combine(repoRoot, sourcePath)) || sourcePath.Length == 0)
            problems.Add($"{app.Id}: spec.source.path '{sourcePath}' does not exist in the repository");

        var revision = source.ScalarAt("targetRevision");
        if (!string.IsNullOrEmpty(policy.Argocd.TargetRevision) && revision != policy.Argocd.TargetRevision)
            problems.Add($"{app.Id}: spec.source.targetRevision is '{revision ?? "(none)"}'; policy says '{policy.Argocd.TargetRevision}'");

        var releaseName = source.ScalarAt("helm", "releaseName") ?? app.Name;
        if (releaseName != policy.ReleaseNameFor(env))
            problems.Add($"{app.Id}: helm release name is '{releaseName}'; policy says '{policy.ReleaseNameFor(env)}'");

        var valueFiles = source.At("helm", "valueFiles").Items().Select(v => v.ToShortText()).ToList();
        if (valueFiles.Count == 0)
            problems.Add($"{app.Id}: spec.source.helm.valueFiles is empty; expected the file for {policy.ValuesFileFor(env)}");
        var resolved = new List<string>();
        foreach (var valueFile in valueFiles)
        {
            // Argo CD resolves valueFiles relative to the chart directory (source.path).
            var repoRelative = RepoRelative(Path.Combine(sourcePath, valueFile));
            resolved.Add(repoRelative);
            if (!File.Exists(Path.Combine(repoRoot, repoRelative)))
                problems.Add($"{app.Id}: helm.valueFiles '{valueFile}' resolves to {repoRelative}, which does not exist");
        }
        if (valueFiles.Count > 0 && !resolved.Contains(policy.ValuesFileFor(env)))
            problems.Add($"{app.Id}: helm.valueFiles [{string.Join(", ", valueFiles)}] do not include {policy.ValuesFileFor(env)}");
        return problems;
    }

    private List<string> DestinationProblems(string env, ManifestDocument app)
    {
        var problems = new List<string>();
        var expected = policy.Environments[env].Namespace;
        var actual = app.ScalarAt("spec", "destination", "namespace");
        if (actual != expected)
            problems.Add($"{app.Id}: spec.destination.namespace is '{actual ?? "(none)"}'; policy says '{expected}'");
        if (app.ScalarAt("spec", "destination", "server") is null && app.ScalarAt("spec", "destination", "name") is null)
            problems.Add($"{app.Id}: spec.destination names no cluster (server or name)");
        return problems;
    }

    private List<string> SyncProblems(string env, ManifestDocument app)
    {
        var problems = new List<string>();
        var rule = policy.Environments[env];
        var automated = app.At("spec", "syncPolicy", "automated");
        if (rule.AutomatedSync)
        {
            if (automated is null)
                problems.Add($"{app.Id}: spec.syncPolicy.automated is missing; policy says automated sync for {env}");
            else
            {
                foreach (var flag in new[] { "prune", "selfHeal" }.Where(f => automated.ScalarAt(f) != "true"))
                    problems.Add($"{app.Id}: spec.syncPolicy.automated.{flag} is '{automated.ScalarAt(flag) ?? "(unset)"}'; policy says true");
            }
        }
        else if (automated is not null)
        {
            problems.Add($"{app.Id}: spec.syncPolicy.automated is set; policy says manual sync for {env}");
        }

        var options = app.At("spec", "syncPolicy", "syncOptions").Items().Select(o => o.ToShortText()).ToHashSet();
        foreach (var missing in policy.Argocd.SyncOptions.Where(o => !options.Contains(o)))
            problems.Add($"{app.Id}: spec.syncPolicy.syncOptions lacks {missing}");
        return problems;
    }

    private static CheckResult RepoUrlConsistency(Dictionary<string, string> repoUrls)
    {
        const string name = "Argo: repoURL consistent";
        if (repoUrls.Count == 0)
            return CheckResult.Skip(name, "no Application could be read");
        var distinct = repoUrls.Values.Distinct().ToList();
        if (repoUrls.Values.Any(string.IsNullOrEmpty))
            return CheckResult.Fail(name, "spec.source.repoURL is empty in " + string.Join(", ", repoUrls.Where(p => p.Value.Length == 0).Select(p => p.Key)));
        return distinct.Count == 1
            ? CheckResult.Pass(name, distinct[0])
            : CheckResult.Fail(name, "spec.source.repoURL differs: " + string.Join(", ", repoUrls.Select(p => $"{p.Key}={p.Value}")));
    }

    private static string RepoRelative(string path)
    {
        var parts = new Stack<string>();
        foreach (var part in path.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == ".")
                continue;
            if (part == ".." && parts.Count > 0 && parts.Peek() != "..")
                parts.Pop();
            else
                parts.Push(part);
        }
        return string.Join('/', parts.Reverse());
    }
}
