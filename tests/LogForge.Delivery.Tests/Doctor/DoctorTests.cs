using LogForge.Delivery.Cluster;
using LogForge.Delivery.Cluster.Lab;
using LogForge.Delivery.Doctor;
using LogForge.Delivery.Environments;
using LogForge.Delivery.GitHub;
using LogForge.Delivery.Tests.Cluster;
using LogForge.Delivery.Tests.Support;
using LogForge.Testing;
using LogForge.Testing.GitHub;
using LogForge.Testing.Registry;

namespace LogForge.Delivery.Tests.Doctor;

/// <summary>
/// Doctor against the test servers: the fake API server before and after Bootstrap (Argo CD's CRD and controller, MinIO), with
/// permissions denied (answered by SelfSubjectAccessReview from the same rules that refuse the requests), the fake GitHub with each token
/// kind, a real OCI registry (Debian's docker-registry).
/// </summary>
public sealed class DoctorTests(HelmFixture helm, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<HelmFixture>, IAsyncLifetime
{
    private LabCluster _lab = null!;
    private EnvironmentPolicy _policy = null!;

    public async Task InitializeAsync()
    {
        _lab = await LabCluster.StartAsync(helm.Helm);
        _policy = EnvironmentPolicyLoader.Load(_lab.Root);
    }

    public async Task DisposeAsync() => await _lab.DisposeAsync();

    private Task<IReadOnlyList<DoctorRow>> ClusterRowsAsync(string? kubeconfig = null, string? context = null,
        Func<CancellationToken, Task<LabManifests>>? labManifests = null) =>
        new ClusterChecks(new ClusterSettings(kubeconfig ?? _lab.Kubeconfig, context, ClusterSettings.DefaultRequestTimeout), _policy,
                labManifests ?? _lab.Platform().LoadAsync)
            .RunAsync(CancellationToken.None);

    private static bool IsAccessReview(LogForge.Testing.Kubernetes.RecordedRequest r) =>
        r.Method == "POST" && r.Path.EndsWith("/selfsubjectaccessreviews", StringComparison.Ordinal);

    private static DoctorRow Row(IReadOnlyList<DoctorRow> rows, string check) => rows.Single(r => r.Check == check);

    [Fact]
    public async Task After_Bootstrap_every_cluster_row_passes_with_one_access_review_per_permission()
    {
        await _lab.BootstrapAsync();
        _lab.Server.Requests.Reset();

        var rows = await ClusterRowsAsync();

        Assert.All(rows, r => Assert.True(r.Verdict == DoctorVerdict.Pass, $"{r.Check}: {r.Verdict} {r.Detail}"));
        Assert.Equal([ClusterChecks.KubeconfigRow, ClusterChecks.ApiServerRow, "RBAC for Bootstrap", "RBAC for ApplyArgo", "RBAC for Secrets",
            "RBAC for MinioPreflight", "RBAC for Smoke", "RBAC for Promote", ClusterChecks.ArgoRow, ClusterChecks.MinioRow], rows.Select(r => r.Check));
        var reviews = _lab.Server.Requests.All.Count(IsAccessReview);
        using var cluster = _lab.Connect();
        var bootstrap = await BootstrapAccess.ForAsync(await _lab.Platform().LoadAsync(CancellationToken.None), new ResourceCatalog(cluster), CancellationToken.None);
        Assert.Equal(bootstrap.Needs.Count + AccessNeeds.For(_policy).Sum(t => t.Needs.Count), reviews);
        Assert.Matches(@"^\d+ permissions allowed \(SelfSubjectAccessReview, for the \d+ objects of the pinned manifests and the waits\)$",
            Row(rows, "RBAC for Bootstrap").Detail);
        Assert.Equal(0, _lab.Server.Requests.Writes - reviews); // nothing but the reviews was created
        Assert.StartsWith("CRD applications.argoproj.io Established; StatefulSet argocd/argocd-application-controller Ready", Row(rows, ClusterChecks.ArgoRow).Detail);

        // The figure of docs/performance.md (Doctor, warm, every row): written out, not asserted.
        await using var registry = await DistributionRegistry.StartAsync();
        using var http = new HttpClient();
        var doctor = new DoctorChecks(RepositoryRoot.Path, _policy, new ClusterSettings(_lab.Kubeconfig, null, ClusterSettings.DefaultRequestTimeout),
            new GitHubAccess(null, token: null), null, http, registry.Url, registryRequired: true, _lab.Platform().LoadAsync);
        for (var run = 1; run <= 5; run++)
        {
            var report = await doctor.RunAsync(CancellationToken.None);
            Assert.True(report.Passed, DoctorTable.Format(report));
            output.WriteLine($"warm Doctor run {run}: {report.Elapsed.TotalMilliseconds:0} ms");
        }
    }

    [Fact]
    public async Task A_permission_only_the_manifests_name_fails_Bootstrap_s_row_and_Bootstrap_alike()
    {
        _lab.Server.Access.Forbid("patch", "kafkanodepools", ns: "kafka", group: "kafka.strimzi.io");

        var row = Row(await ClusterRowsAsync(), "RBAC for Bootstrap");
        Assert.Equal((DoctorVerdict.Fail, "denied: patch kafkanodepools.kafka.strimzi.io in kafka"), (row.Verdict, row.Detail));

        var refused = await Assert.ThrowsAsync<ClusterException>(() => _lab.BootstrapAsync());
        Assert.Contains("403", refused.Message + refused.InnerException?.Message);
    }

    [Fact]
    public async Task Without_its_manifests_Bootstrap_s_row_asks_the_fixed_list_and_warns_why()
    {
        var row = Row(await ClusterRowsAsync(labManifests: _ => throw new InvalidOperationException("cannot download https://example.invalid/install.yaml")),
            "RBAC for Bootstrap");

        Assert.Equal(DoctorVerdict.Warn, row.Verdict);
        Assert.Equal($"{AccessNeeds.BootstrapWithoutManifests.Count} permissions allowed (SelfSubjectAccessReview, one per kind of thing Bootstrap does); " +
            "its manifests could not be read, so not every kind was asked: cannot download https://example.invalid/install.yaml", row.Detail);
        Assert.StartsWith("run Doctor again where the pinned files can be downloaded", row.Fix);
    }

    [Fact]
    public async Task Before_Bootstrap_Argo_CD_and_MinIO_fail_each_saying_to_run_Bootstrap()
    {
        var rows = await ClusterRowsAsync();

        var argo = Row(rows, ClusterChecks.ArgoRow);
        Assert.Equal((DoctorVerdict.Fail, "no CRD applications.argoproj.io: Argo CD is not installed", "./build.sh Bootstrap installs it"),
            (argo.Verdict, argo.Detail, argo.Fix));
        Assert.Equal(DoctorVerdict.Fail, Row(rows, ClusterChecks.MinioRow).Verdict);
        Assert.Contains("no Service minio in namespace storage", Row(rows, ClusterChecks.MinioRow).Detail);
        Assert.Equal(DoctorVerdict.Pass, Row(rows, "RBAC for Secrets").Verdict);
    }

    [Fact]
    public async Task A_denied_permission_fails_the_row_of_each_target_that_needs_it_and_names_it()
    {
        _lab.Server.Access.Forbid("create", "secrets", ns: "staging");
        _lab.Server.Access.Forbid("create", "pods/portforward", ns: "production");

        var rows = await ClusterRowsAsync();

        var secrets = Row(rows, "RBAC for Secrets");
        Assert.Equal((DoctorVerdict.Fail, "denied: create secrets in staging"), (secrets.Verdict, secrets.Detail));
        Assert.StartsWith("grant them to the kubeconfig's user", secrets.Fix);
        Assert.Equal("denied: create pods/portforward in production", Row(rows, "RBAC for Promote").Detail);
        Assert.Equal("denied: create pods/portforward in production", Row(rows, "RBAC for Smoke").Detail);
        Assert.Equal(DoctorVerdict.Pass, Row(rows, "RBAC for ApplyArgo").Verdict);
    }

    [Fact]
    public async Task Without_a_kubeconfig_the_cluster_rows_are_not_needed_and_an_unknown_context_fails_naming_the_ones_there_are()
    {
        var none = Path.Combine(_lab.Root, "no-such-kubeconfig");
        var absent = Assert.Single(await ClusterRowsAsync(kubeconfig: none));
        Assert.Equal(DoctorVerdict.NotNeeded, absent.Verdict);
        Assert.StartsWith($"no kubeconfig at {none}: not needed for Smoke --env local", absent.Detail);

        var wrong = Assert.Single(await ClusterRowsAsync(context: "nosuch"));
        Assert.Equal(DoctorVerdict.Fail, wrong.Verdict);
        Assert.Matches(@"^context 'nosuch' is not in .+ \(contexts: .+\)$", wrong.Detail);
    }

    [Fact]
    public async Task Each_token_kind_is_named_and_what_GitHub_shows_of_its_rights_decides_the_row()
    {
        using var origin = await OriginRepository.CreateAsync();
        var actions = FakeToken.GitHubActions();
        var classicWithoutRepo = FakeToken.Classic() with { Scopes = ["read:org"] };
        var fineGrained = FakeToken.FineGrained();
        await using var github = await FakeGitHub.StartAsync(actions, classicWithoutRepo, fineGrained);
        github.AddRepository("logforge-dev", "logforge", origin.BarePath);
        var repository = new GitHubRepository("logforge-dev", "logforge");
        Task<DoctorRow> RowFor(string? token) => GitHubCheck.RunAsync(new GitHubAccess(github.ApiUrl, token), repository);

        var installation = await RowFor(actions.Value);
        Assert.Equal(DoctorVerdict.Warn, installation.Verdict);
        Assert.Contains("GitHub shows no permissions for this kind", installation.Detail);
        Assert.Contains(GitHubTokens.Describe(GitHubTokenKind.Installation), installation.Detail);

        var classic = await RowFor(classicWithoutRepo.Value);
        Assert.Equal(DoctorVerdict.Fail, classic.Verdict);
        Assert.EndsWith("with scopes read:org: neither repo nor public_repo", classic.Detail);

        var fine = await RowFor(fineGrained.Value);
        Assert.Equal((DoctorVerdict.Pass, $"{GitHubTokens.Describe(GitHubTokenKind.FineGrained)}; may push to logforge-dev/logforge"), (fine.Verdict, fine.Detail));

        var rejected = await RowFor("github_pat_not-a-token-of-this-server");
        Assert.Equal(DoctorVerdict.Fail, rejected.Verdict);
        Assert.StartsWith("GitHub rejected the token", rejected.Detail);

        Assert.Equal(DoctorVerdict.NotNeeded, (await RowFor(null)).Verdict);
    }

    [Fact]
    public async Task The_registry_row_passes_on_a_real_distribution_API_and_fails_only_when_one_was_asked_for()
    {
        await using var registry = await DistributionRegistry.StartAsync();
        using var http = new HttpClient();

        var real = await RegistryCheck.RunAsync(http, registry.Url, required: true, CancellationToken.None);
        Assert.Equal(DoctorVerdict.Pass, real.Verdict);
        Assert.Matches(@"^GET http://127\.0\.0\.1:\d+/v2/ answered (200|401) \(distribution API\)$", real.Detail);

        var closed = new Uri($"http://127.0.0.1:{LogForge.Delivery.Smoke.Local.LoopbackPort.Free()}/");
        Assert.Equal(DoctorVerdict.Fail, (await RegistryCheck.RunAsync(http, closed, required: true, CancellationToken.None)).Verdict);
        Assert.Equal(DoctorVerdict.Warn, (await RegistryCheck.RunAsync(http, closed, required: false, CancellationToken.None)).Verdict);
    }
}
