using LogForge.Delivery.Cluster;
using LogForge.Delivery.Tests.Support;
using LogForge.Testing.Kubernetes.Faults;
using LogForge.Testing.Time;

namespace LogForge.Delivery.Tests.Cluster.Faults;

/// <summary>
/// Every lab step and the gate's cluster half, re-run under each transient answer of the API server on one of its reads
/// or writes: the step succeeds, one progress line says what is awaited and until when, and nothing is written twice
/// (<c>Mutations</c> stays 0 on a re-run; a request answered 429/5xx before it was served changed nothing).
/// </summary>
[Collection(nameof(FaultLabCollection))]
public sealed class LabStepFaultTests(FaultLab lab)
{
    private readonly VirtualClock _clock = new();
    private readonly LogCapture _log = new();

    public static TheoryData<string, string, string, string?, string?> Cases => new()
    {
        // step, fault, verb resource, namespace, name
        { "Bootstrap", "429", "get customresourcedefinitions", null, "kafkas.kafka.strimzi.io" },
        { "Bootstrap", "503", "patch deployments", "argocd", "argocd-server" },
        { "Bootstrap", "reset-after-serving", "patch deployments", "storage", "minio" },
        { "Bootstrap", "500", "list pods", "kafka", null },
        { "Bootstrap", "reset", "list nodes", null, null },
        { "Bootstrap", "429-status", "get secrets", "storage", "minio-root" },
        { "ApplyArgo", "429", "patch applications", "argocd", "logforge-staging" },
        { "ApplyArgo", "503", "get applications", "argocd", "logforge-production" },
        { "ApplyArgo", "reset-after-serving", "patch applications", "argocd", "logforge-dev" },
        { "Secrets", "429-status", "get secrets", "staging", "logforge-staging-runtime" },
        { "Secrets", "500", "get namespaces", null, "production" },
        { "Secrets", "reset", "get secrets", "dev", "ghcr-pull" },
        { "Secrets", "reset-after-serving", "get namespaces", null, "dev" },
        { "MinioPreflight", "429", "get secrets", "storage", "minio-root" },
        { "MinioPreflight", "503", "list pods", "storage", null },
        { "MinioPreflight", "reset", "get services", "storage", "minio" },
        { "ValidationGate", "429", "get applications", "argocd", "logforge-dev" },
        { "ValidationGate", "503", "patch applications", "argocd", "logforge-production" },
        { "ValidationGate", "reset", "list pods", "storage", null },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_rerun_rides_out_the_fault_and_changes_nothing(string step, string fault, string request, string? ns, string? name)
    {
        var server = lab.Lab.Server;
        var (verb, resource) = (request.Split(' ')[0], request.Split(' ')[1]);
        server.Faults.Clear();
        server.Faults.Add(new FaultMatch(verb, resource, ns, name), FaultedCluster.Transient(fault));
        server.Requests.Reset();

        await lab.RunAsync(step, _clock, _log);

        FaultedCluster.AssertRodeOut(server, _log, fault, verb is "patch" ? "PATCH" : "GET");
        if (FaultedCluster.ServerDelay(fault) is { } delay)
            Assert.Contains(delay, _clock.Waits);
        Assert.Equal(0, server.Requests.Mutations);
    }

    [Theory]
    [InlineData("429")]
    [InlineData("503")]
    [InlineData("reset")]
    [InlineData("reset-after-serving")]
    public async Task Secrets_writes_the_one_changed_secret_once_whatever_answered_first(string fault)
    {
        var server = lab.Lab.Server;
        server.Delete("Secret", "production", "ghcr-pull");
        server.Faults.Clear();
        server.Faults.Add(new FaultMatch("patch", "secrets", "production", "ghcr-pull"), FaultedCluster.Transient(fault));
        server.Requests.Reset();

        await lab.RunAsync("Secrets", _clock, _log);

        FaultedCluster.AssertRodeOut(server, _log, fault, "PATCH");
        var writes = server.Requests.All.Where(r => r.IsWrite).ToList();
        Assert.Equal(2, writes.Count);                           // the faulted attempt and its repeat, both server-side applies
        Assert.All(writes, w => Assert.EndsWith("/namespaces/production/secrets/ghcr-pull", w.Path));
        Assert.Equal(1, server.Requests.Mutations);              // stored once: a repeat of the same apply changes nothing
        Assert.NotNull(server.Get("Secret", "production", "ghcr-pull"));
    }

    [Theory]
    [InlineData("Bootstrap", "get customresourcedefinitions", "401")]
    [InlineData("Secrets", "get secrets", "403")]
    public async Task A_final_answer_fails_at_once_in_one_line(string step, string request, string code)
    {
        var server = lab.Lab.Server;
        server.Faults.Clear();
        var (verb, resource) = (request.Split(' ')[0], request.Split(' ')[1]);
        if (code == "403") server.Access.Forbid(verb, resource, ns: "dev");
        else server.Access.RequiredToken = "another-token";
        server.Requests.Reset();
        try
        {
            var error = await Assert.ThrowsAsync<ClusterException>(() => lab.RunAsync(step, _clock, _log));

            Assert.DoesNotContain('\n', error.Message);
            Assert.Contains($"({code} ", error.Message);
            Assert.Empty(FaultedCluster.RetryLines(_log));
            Assert.Equal(TimeSpan.Zero, _clock.Elapsed);
            Assert.Equal(0, server.Requests.Mutations);
        }
        finally
        {
            server.Access.RequiredToken = null;
            server.Access.AllowAll();
        }
    }
}
