using LogForge.Delivery.Cluster;
using LogForge.Delivery.Resilience;
using LogForge.Delivery.Tests.Support;
using LogForge.Testing.Kubernetes;
using LogForge.Testing.Kubernetes.Faults;
using LogForge.Testing.Time;

namespace LogForge.Delivery.Tests.Cluster.Faults;

/// <summary>The fault classes every cluster step is run under, and a connection whose retries wait on a virtual clock
/// (the fake's controllers still run in real time: only the retry policy's waits are virtual) and log to a capture.</summary>
public static class FaultedCluster
{
    /// <summary>Transient answers the policy must ride out, by name (the theories' rows).</summary>
    public static Fault Transient(string name) => name switch
    {
        "429" => new Fault.TooManyRequests(RetryAfterSeconds: 3),
        "429-status" => new Fault.TooManyRequests(RetryAfterSeconds: 2, AsStatus: true),
        "500" => new Fault.ServerError(500),
        "503" => new Fault.ServerError(503),
        "reset" => new Fault.ResetBeforeServing(),
        "reset-after-serving" => new Fault.ResetAfterServing(),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };

    /// <summary>What the progress line says about each.</summary>
    public static string Said(string name) => name switch
    {
        "429" or "429-status" => "429 TooManyRequests",
        "500" => "500 Internal Server Error",
        "503" => "503 Service Unavailable",
        _ => "the connection",
    };

    /// <summary>A 429 with Retry-After is waited for exactly that long.</summary>
    public static TimeSpan? ServerDelay(string name) => name switch
    {
        "429" => TimeSpan.FromSeconds(3),
        "429-status" => TimeSpan.FromSeconds(2),
        _ => null,
    };

    public static ClusterConnection Open(string kubeconfig, VirtualClock clock, LogCapture log, TimeSpan? waitTimeout = null) =>
        ClusterConnection.Open(new ClusterSettings(kubeconfig, null, ClusterSettings.DefaultRequestTimeout)
        {
            Retry = new RetryBudget(waitTimeout ?? TimeSpan.FromMinutes(10), clock, log.Logger),
        });

    /// <summary>The retry policy's progress lines: "Kubernetes API: 503 Service Unavailable to GET /api/v1/… — asking again in …".</summary>
    public static IReadOnlyList<string> RetryLines(LogCapture log, string service = "Kubernetes API") =>
        log.Messages.Where(m => m.StartsWith(service + ": ", StringComparison.Ordinal) && m.Contains("asking again", StringComparison.Ordinal)).ToList();

    /// <summary>Asserts the fault was met once and announced once, naming the request and the deadline.</summary>
    public static void AssertRodeOut(FakeKubernetesServer server, LogCapture log, string fault, string method)
    {
        Assert.Equal(0, server.Faults.Pending);
        var line = Assert.Single(RetryLines(log));
        Assert.Contains(Said(fault), line);
        Assert.Contains($" to {method} /", line);
        Assert.Contains("(at ", line);
        Assert.Contains("giving up after ", line);
    }
}
