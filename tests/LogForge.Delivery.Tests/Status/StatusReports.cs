using LogForge.Delivery.Ledger;
using LogForge.Delivery.Smoke;
using LogForge.Delivery.Status;

namespace LogForge.Delivery.Tests.Status;

/// <summary>Status reports built by hand, one per situation the page must tell apart.</summary>
internal static class StatusReports
{
    public static readonly DateTimeOffset ReadAt = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);
    public const string Commit = "4f1c2e3d5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d";
    public const string Digest010 = "sha256:10aa10aa10aa" + "0000000000000000000000000000000000000000000000000000";
    public const string Digest020 = "sha256:20bb20bb20bb" + "1111111111111111111111111111111111111111111111111111";
    public const string Digest030 = "sha256:30cc30cc30cc" + "2222222222222222222222222222222222222222222222222222";
    public const string PromotionCommit = "9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b";
    public const string ScriptTitle = "<script>alert(1)</script>";
    public const string ImageInMessage = "<img src=\"https://example.test/pixel.png\">";
    public const string NoCluster = "no cluster: kubectl has no current context (set KUBECONFIG or pass --context)";
    public const string NoToken = "no GitHub token: set GITHUB_TOKEN to list the open pull requests";
    public const string NoHelm = "no helm 3.17.3 on PATH or in .tools/ — ./build.sh Tools installs it";
    public static readonly GitParity ParityHolds = new("staging", "production", [], "14 allowed differences (namespace: 9; image tag and digest during a promotion window: 2)");

    /// <summary>0.2.0 is merged for production and waits for its manual sync: dev and staging run it, production still 0.1.0.</summary>
    public static StatusReport DuringPromotionWindow() => Report(
        [
            Env("dev", true, Pin("dev", "0.2.0", Digest020, "release-bot", "1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d", hoursAgo: 30),
                Argo("Synced", "1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d", "automated"), Live("dev", "0.2.0", Digest020, 1, 1)),
            Env("staging", true, Pin("staging", "0.2.0", Digest020, "release-bot", "2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e", hoursAgo: 28),
                Argo("Synced", "2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e", "automated"), Live("staging", "0.2.0", Digest020, 2, 2)),
            Env("production", false, Pin("production", "0.2.0", Digest020, "octocat", PromotionCommit, hoursAgo: 2),
                Argo("OutOfSync", "5f5f5f5f5f5f5f5f5f5f5f5f5f5f5f5f5f5f5f5f", "octocat"), Live("production", "0.1.0", Digest010, 3, 3),
                new StatusFlag(StatusFlagCodes.AwaitingManualSync, FlagLevel.Info, "production",
                    "git pins 0.2.0, Argo CD synced 5f5f5f5f5f5f (0.1.0): sync logforge-production (Promote continues it)"),
                new StatusFlag(StatusFlagCodes.BehindStaging, FlagLevel.Info, "production", "production runs 0.1.0, staging 0.2.0: 1 release behind")),
        ],
        [
            new OpenPullRequest(42, "promote: production to 0.2.0", "https://github.com/logforge/logforge/pull/42", "promote/production-0.2.0",
                ReadAt.AddHours(-3)),
            new OpenPullRequest(43, ScriptTitle, "https://github.com/logforge/logforge/pull/43", "release/0.3.0", ReadAt.AddDays(-5)),
        ],
        null,
        []) with { Parity = ParityHolds };

    /// <summary>Production was rolled back in git but still runs the rejected 0.2.0; staging's rollout is one pod short.</summary>
    public static StatusReport RejectedRunning() => Report(
        [
            Env("dev", true, Pin("dev", "0.3.0", Digest030, "release-bot", "3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a", hoursAgo: 5),
                Argo("Synced", "3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a", "automated"), Live("dev", "0.3.0", Digest030, 1, 1)),
            Env("staging", true, Pin("staging", "0.2.0", Digest020, "release-bot", "2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e", hoursAgo: 50),
                Argo("Synced", "2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e", "automated"), Live("staging", "0.2.0", Digest020, 1, 2),
                new StatusFlag(StatusFlagCodes.RolloutIncomplete, FlagLevel.Warning, "staging", "1 of 2 pods Ready: kubectl -n logforge-staging get pods")),
            Env("production", false, Pin("production", "0.1.0", Digest010, "octocat", "6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b", hoursAgo: 1),
                Argo("OutOfSync", PromotionCommit, "octocat"), Live("production", "0.2.0", Digest020, 3, 3),
                new StatusFlag(StatusFlagCodes.AwaitingManualSync, FlagLevel.Info, "production", "git pins 0.1.0: sync logforge-production"),
                new StatusFlag(StatusFlagCodes.RejectedRunning, FlagLevel.Alarm, "production",
                    $"production runs 0.2.0, which the ledger rejects (reason: \"{ImageInMessage} drops events\"): sync the rollback now")),
        ],
        [],
        null,
        [new StatusFlag(StatusFlagCodes.ParityDrift, FlagLevel.Warning, null, "staging and production run different topologies: pipeline 2 against pipeline 1")]);

    /// <summary>Read without a cluster and without a GitHub token: git's half only, and why the rest is missing.</summary>
    public static StatusReport WithoutClusterOrToken() => Report(
        [
            Env("dev", true, new DesiredState("deploy/env/dev/values.yaml", "0.2.0", null, null), null, null),
            Env("staging", true, Pin("staging", "0.2.0", Digest020, "release-bot", "2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e", hoursAgo: 28),
                null, null),
            Env("production", false, Pin("production", "0.1.0", Digest010, "octocat", "7c7c7c7c7c7c7c7c7c7c7c7c7c7c7c7c7c7c7c7c", hoursAgo: 200),
                null, null),
        ],
        null,
        NoCluster,
        []) with { ClusterDescription = null, PullRequestsProblem = NoToken, ParityProblem = NoHelm };

    private static StatusReport Report(
        IReadOnlyList<EnvironmentStatus> environments, IReadOnlyList<OpenPullRequest>? pullRequests, string? clusterProblem,
        IReadOnlyList<StatusFlag> flags) =>
        new("origin/main", Commit, ReadAt, TimeSpan.FromMilliseconds(1840), environments, clusterProblem is null ? "kind-logforge" : null,
            clusterProblem, pullRequests, null, flags);

    private static EnvironmentStatus Env(
        string name, bool automated, DesiredState desired, ArgoView? argo, LiveView? live, params StatusFlag[] flags) =>
        new(name, $"logforge-{name}", $"logforge-{name}", automated, desired, argo, SyncedPin: null, live, null, flags);

    private static DesiredState Pin(string environment, string tag, string digest, string who, string commit, int hoursAgo) =>
        new($"deploy/env/{environment}/values.yaml", tag, digest, new LedgerEntry(commit, ReadAt.AddHours(-hoursAgo), who, tag, null, null));

    private static ArgoView Argo(string sync, string revision, string initiatedBy) =>
        new(sync, "Healthy", revision, initiatedBy == "automated", "Succeeded", "successfully synced (all tasks run)", initiatedBy,
            ReadAt.AddHours(-1));

    private static LiveView Live(string environment, string version, string digest, int ready, int desired) =>
        new(ready, desired, [new LiveImage($"ghcr.io/logforge/logforge:{version}", $"ghcr.io/logforge/logforge@{digest}", ready)],
            new VersionAnswer(version, 2, "minio", true, environment), null);
}
