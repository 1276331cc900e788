using LogForge.Delivery.Checks;
using LogForge.Delivery.GitHub;
using LogForge.Delivery.Release;
using LogForge.Delivery.Validation;
using LogForge.Delivery.Versions;

namespace LogForge.Delivery.Tests.Release;

public sealed class ReleaseBodyTests
{
    private static readonly Dictionary<string, string> Actions = new()
    {
        ["GITHUB_ACTIONS"] = "true",
        ["GITHUB_SERVER_URL"] = "https://github.com",
        ["GITHUB_REPOSITORY"] = "logforge-dev/logforge",
        ["GITHUB_RUN_ID"] = "4242",
        ["GITHUB_RUN_ATTEMPT"] = "2",
        ["GITHUB_WORKFLOW"] = "release",
        ["GITHUB_ACTOR"] = "octocat",
    };

    [Fact]
    public void In_actions_the_body_names_the_run_the_actor_and_the_digest()
    {
        var run = WorkflowRun.FromEnvironment(Actions);
        const string digest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

        var body = ReleaseBody.Render(Model(run, digest, gatePassed: true));

        Assert.Contains("| Produced by | [release run 4242](https://github.com/logforge-dev/logforge/actions/runs/4242/attempts/2), started by octocat |", body);
        Assert.Contains($"digest `{digest}` (`ghcr.io/logforge-dev/logforge@{digest}`)", body);
        Assert.Contains("| Release commit | `abc` (on top of `main`) |", body);
        Assert.Contains("<details><summary>every check</summary>", body);
        Assert.EndsWith("<!-- logforge-release v0.2.0 -->", body);
    }

    [Fact]
    public void A_failed_gate_is_shown_unfolded_and_outside_actions_the_run_is_local()
    {
        var body = ReleaseBody.Render(Model(run: null, digest: null, gatePassed: false));

        Assert.Contains("| Produced by | `./build.sh Release --version v0.2.0`, run by Dev (not in GitHub Actions) |", body);
        Assert.Contains("❌ failed: 0 passed, 1 failed, 0 skipped", body);
        Assert.Contains("<details open>", body);
        Assert.DoesNotContain("sha256:", body);
        Assert.Contains("No `--image-digest` was given: the files pin the tag alone.", body);
    }

    [Fact]
    public void Outside_actions_there_is_no_run() =>
        Assert.Null(WorkflowRun.FromEnvironment(new Dictionary<string, string>(Actions) { ["GITHUB_ACTIONS"] = "" }));

    private static ReleaseBodyModel Model(WorkflowRun? run, string? digest, bool gatePassed)
    {
        var version = ReleaseVersion.Parse("v0.2.0");
        var check = gatePassed ? CheckResult.Pass("Policy", "ok") : CheckResult.Fail("Parity staging vs production", "replicas differ");
        var gate = new ValidationReport([check], TimeSpan.FromMilliseconds(300), "helm v4.1.4");
        return new ReleaseBodyModel(version, "ghcr.io/logforge-dev/logforge", digest, "tagcommit", "abc", "main",
            [new ImageTagChange("deploy/env/dev/values.yaml", "0.1.0", "0.2.0"), new ImageTagChange("deploy/env/staging/values.yaml", "0.1.0", "0.2.0")],
            new ImageTagChange("deploy/env/production/values.yaml", "0.1.0", "0.2.0"), gate, run, run?.Actor ?? "Dev");
    }
}
