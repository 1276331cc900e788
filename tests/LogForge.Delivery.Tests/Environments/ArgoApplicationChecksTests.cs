using LogForge.Delivery.Checks;
using LogForge.Delivery.Environments;
using LogForge.Delivery.Tests.Support;

namespace LogForge.Delivery.Tests.Environments;

/// <summary>The Argo CD Application checks alone (no helm), on a mutated copy of deploy/.</summary>
public sealed class ArgoApplicationChecksTests
{
    private const string Dev = "deploy/argocd/logforge-dev.yaml";
    private const string Staging = "deploy/argocd/logforge-staging.yaml";

    private static IReadOnlyList<CheckResult> Check(DeployCopy deploy) =>
        new ArgoApplicationChecks(deploy.Root, EnvironmentPolicyLoader.Load(deploy.Root)).Check();

    private static string FailureOf(IReadOnlyList<CheckResult> results, string name)
    {
        var result = Assert.Single(results, r => r.Name == name);
        Assert.Equal(CheckStatus.Failed, result.Status);
        return result.Detail;
    }

    [Fact]
    public void The_repository_applications_pass()
    {
        using var deploy = new DeployCopy();

        var results = Check(deploy);

        Assert.All(results, r => Assert.True(r.Status == CheckStatus.Passed, $"{r.Name}: {r.Detail}"));
        Assert.Equal(3 * 4 + 2, results.Count);
    }

    [Fact]
    public void Different_repo_urls_fail_the_consistency_check()
    {
        using var deploy = new DeployCopy();
        deploy.Replace(Dev, "repoURL: https://github.com/logforge-dev/logforge.git", "repoURL: https://github.com/fork/logforge.git");

        var detail = FailureOf(Check(deploy), "Argo: repoURL consistent");

        Assert.Equal("spec.source.repoURL differs: dev=https://github.com/fork/logforge.git, staging=https://github.com/logforge-dev/logforge.git, " +
            "production=https://github.com/logforge-dev/logforge.git", detail);
    }

    [Fact]
    public void Dev_without_automated_sync_fails()
    {
        using var deploy = new DeployCopy();
        deploy.Replace(Dev, "    automated:\n      prune: true\n      selfHeal: true\n", "");

        var detail = FailureOf(Check(deploy), "Argo dev: logforge-dev.yaml sync policy");

        Assert.Equal("Application/logforge-dev: spec.syncPolicy.automated is missing; policy says automated sync for dev", detail);
    }

    [Fact]
    public void Staging_without_self_heal_fails()
    {
        using var deploy = new DeployCopy();
        deploy.Replace(Staging, "selfHeal: true", "selfHeal: false");

        var detail = FailureOf(Check(deploy), "Argo staging: logforge-staging.yaml sync policy");

        Assert.Equal("Application/logforge-staging: spec.syncPolicy.automated.selfHeal is 'false'; policy says true", detail);
    }

    [Fact]
    public void Missing_finalizer_wrong_project_and_missing_create_namespace_fail()
    {
        using var deploy = new DeployCopy();
        deploy.Replace(Staging, "    - resources-finalizer.argocd.argoproj.io\n", "    - something-else\n");
        deploy.Replace(Staging, "project: default", "project: team");
        deploy.Replace(Staging, "      - CreateNamespace=true\n", "      - PruneLast=true\n");

        var results = Check(deploy);

        var metadata = FailureOf(results, "Argo staging: logforge-staging.yaml metadata").Split('\n');
        Assert.Contains("Application/logforge-staging: metadata.finalizers lacks resources-finalizer.argocd.argoproj.io", metadata);
        Assert.Contains("Application/logforge-staging: spec.project is 'team'; policy says 'default'", metadata);
        Assert.Equal("Application/logforge-staging: spec.syncPolicy.syncOptions lacks CreateNamespace=true",
            FailureOf(results, "Argo staging: logforge-staging.yaml sync policy"));
    }

    [Fact]
    public void A_wrong_destination_namespace_fails()
    {
        using var deploy = new DeployCopy();
        deploy.Replace(Staging, "    namespace: staging\n", "    namespace: production\n");

        Assert.Equal("Application/logforge-staging: spec.destination.namespace is 'production'; policy says 'staging'",
            FailureOf(Check(deploy), "Argo staging: logforge-staging.yaml destination"));
    }

    [Fact]
    public void A_value_file_of_another_environment_and_a_wrong_chart_path_fail()
    {
        using var deploy = new DeployCopy();
        deploy.Replace(Staging, "- ../../env/staging/values.yaml", "- ../../env/production/values.yaml");
        deploy.Replace(Staging, "path: deploy/helm/logforge", "path: deploy/helm/logforge-old");

        var detail = FailureOf(Check(deploy), "Argo staging: logforge-staging.yaml source").Split('\n');

        Assert.Contains("Application/logforge-staging: spec.source.path is 'deploy/helm/logforge-old'; policy says 'deploy/helm/logforge'", detail);
        Assert.Contains("Application/logforge-staging: spec.source.path 'deploy/helm/logforge-old' does not exist in the repository", detail);
        Assert.Contains("Application/logforge-staging: helm.valueFiles [../../env/production/values.yaml] do not include " +
            "deploy/env/staging/values.yaml", detail);
    }

    [Fact]
    public void A_missing_application_and_a_stray_one_fail()
    {
        using var deploy = new DeployCopy();
        File.Move(deploy.Path(Dev), deploy.Path("deploy/argocd/logforge-qa.yaml"));

        var results = Check(deploy);

        Assert.Equal("deploy/argocd/logforge-dev.yaml does not exist", FailureOf(results, "Argo dev: logforge-dev.yaml"));
        Assert.Equal(
            "deploy/argocd/logforge-qa.yaml is not the Application of any environment in deploy/env/policy.yaml\ndeploy/argocd/logforge-dev.yaml is missing",
            FailureOf(results, "Argo: one Application per environment"));
    }
}
