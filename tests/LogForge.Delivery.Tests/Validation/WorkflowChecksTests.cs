using LogForge.Delivery.Checks;
using LogForge.Delivery.Environments;
using LogForge.Delivery.Tests.Support;
using LogForge.Delivery.Validation.Workflows;

namespace LogForge.Delivery.Tests.Validation;

/// <summary>The gate's workflow checks: on the repository's workflows, and each rule broken on a copy.</summary>
public sealed class WorkflowChecksTests : IDisposable
{
    private readonly DeployCopy _copy = new();
    private string Release => ".github/workflows/release.yml";
    private string Promote => ".github/workflows/promote-production.yml";
    private string Ci => ".github/workflows/ci.yml";

    [Fact]
    public void The_repository_workflows_pass_every_check()
    {
        var results = Run();

        Assert.All(results, r => Assert.True(r.Status == CheckStatus.Passed, $"{r.Name}: {r.Detail}"));
        Assert.Equal(
        [
            "Workflows: parse", "Workflows: actions pinned to commit SHAs", "Workflows: permissions", "Workflows: no expressions in run:",
            "Workflow release.yml: Release on v* tags", "Workflow promote-production.yml: Promote by hand",
            "Release edit touches exactly dev + staging", "Promote edit touches only production",
        ], results.Select(r => r.Name));
        Assert.Equal("on a copy of deploy/env: deploy/env/dev/values.yaml, deploy/env/staging/values.yaml and nothing else", Detail(results,
            "Release edit touches exactly dev + staging"));
        Assert.Equal("on a copy of deploy/env: deploy/env/production/values.yaml and nothing else", Detail(results, "Promote edit touches only production"));
    }

    [Fact]
    public void A_tag_or_branch_reference_instead_of_a_sha_fails()
    {
        _copy.Replace(Release, "actions/setup-node@49933ea5288caeca8642d1e84afbd3f7d6820020 # v4.4.0", "actions/setup-node@v4");

        AssertFails("Workflows: actions pinned to commit SHAs", "release.yml job release step 7: uses actions/setup-node@v4 — pin it to a full commit SHA");
    }

    [Fact]
    public void A_sha_without_its_version_comment_fails()
    {
        _copy.Replace(Ci, "uses: actions/upload-artifact@ea165f8d65b6e75b540449e92b4886f43607fa02 # v4.6.2",
            "uses: actions/upload-artifact@ea165f8d65b6e75b540449e92b4886f43607fa02");

        AssertFails("Workflows: actions pinned to commit SHAs",
            "ci.yml job gate step 6 'Upload reports': uses actions/upload-artifact@ea165f8d65b6e75b540449e92b4886f43607fa02 — say which version");
    }

    [Fact]
    public void An_untrusted_expression_in_run_fails_and_trusted_ones_pass()
    {
        _copy.Replace(Ci, "run: ./build.sh Test", "run: ./build.sh Test --test-filter ${{ github.head_ref }} # ${{ github.sha }}");

        AssertFails("Workflows: no expressions in run:", "ci.yml job gate step 4 'Tests': run: interpolates ${{ github.head_ref }} — pass it through env:");
        Assert.DoesNotContain("github.sha", Detail(Run(), "Workflows: no expressions in run:"));
    }

    [Fact]
    public void A_job_without_permissions_under_writable_defaults_fails()
    {
        _copy.Replace(Ci, "permissions:\n  contents: read\n", "permissions: write-all\n");

        var detail = AssertFails("Workflows: permissions", "ci.yml: permissions: write-all — grant each job only what it needs");
        Assert.Contains("ci.yml job smoke: no permissions: and the workflow has no read-only defaults", detail);
    }

    [Fact]
    public void Release_must_hold_exactly_its_three_write_permissions()
    {
        _copy.Replace(Release, "      packages: write       # push the image to GHCR\n", "      id-token: write\n");

        var detail = AssertFails("Workflow release.yml: Release on v* tags", "release.yml job release: permissions grant write on id-token");
        Assert.Contains("release.yml job release: permissions lack write on packages", detail);
    }

    [Fact]
    public void Release_must_run_on_v_tags_and_call_the_release_target()
    {
        _copy.Replace(Release, "tags: ['v*']", "tags: ['release-*']");
        _copy.Replace(Release, "run: ./build.sh Release --version", "run: ./build.sh Releases --version");

        var detail = AssertFails("Workflow release.yml: Release on v* tags", "release.yml: on.push.tags does not include 'v*' (has release-*)");
        Assert.Contains("release.yml: no step runs ./build.sh Release", detail);
    }

    [Fact]
    public void Promotion_must_be_gated_by_the_production_environment_and_never_cancelled()
    {
        _copy.Replace(Promote, "    environment: production\n", "");
        _copy.Replace(Promote, "cancel-in-progress: false", "cancel-in-progress: true");
        _copy.Replace(Promote, "on:\n  workflow_dispatch:", "on:\n  push:\n    branches: [main]\n  workflow_dispatch:");

        var detail = AssertFails("Workflow promote-production.yml: Promote by hand", "promote-production.yml job promote: environment is '(none)'");
        Assert.Contains("promote-production.yml: needs concurrency: {group: promote-production, cancel-in-progress: false}", detail);
        Assert.Contains("promote-production.yml: triggered by more than workflow_dispatch (push, workflow_dispatch)", detail);
    }

    [Fact]
    public void A_missing_workflow_and_an_unparsable_one_fail()
    {
        File.Delete(_copy.Path(Promote));
        File.WriteAllText(_copy.Path(".github/workflows/broken.yml"), "on: [push\njobs: {}\n");

        AssertFails("Workflow promote-production.yml: Promote by hand", ".github/workflows/promote-production.yml is missing");
        AssertFails("Workflows: parse", "broken.yml: not valid YAML");
    }

    [Fact]
    public void A_values_file_the_release_edit_refuses_fails_the_scope_check()
    {
        _copy.Replace("deploy/env/staging/values.yaml", "  tag: \"0.1.0\"", "  tag: *version");
        _copy.Replace("deploy/env/staging/values.yaml", "environment: staging\n", "environment: staging\nversion: &version \"0.1.0\"\n");

        AssertFails("Release edit touches exactly dev + staging", "the edit is refused: deploy/env/staging/values.yaml: image.tag is an alias (*version");
        Assert.Equal(CheckStatus.Passed, Run().Single(r => r.Name == "Promote edit touches only production").Status);
    }

    private List<CheckResult> Run()
    {
        var (files, problems) = WorkflowFile.LoadAll(_copy.Root);
        return [.. WorkflowChecks.Check(files, problems), .. DeliveryWorkflowChecks.Check(files), .. TagEditScopeChecks.Check(_copy.Root,
            EnvironmentPolicyLoader.Load(_copy.Root))];
    }

    private string AssertFails(string check, string expected)
    {
        var result = Run().Single(r => r.Name == check);
        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Contains(expected, result.Detail);
        return result.Detail;
    }

    private static string Detail(IEnumerable<CheckResult> results, string name) => results.Single(r => r.Name == name).Detail;

    public void Dispose() => _copy.Dispose();
}
