using k8s;
using k8s.Exceptions;
using k8s.KubeConfigModels;
using LogForge.Delivery.Resilience;

namespace LogForge.Delivery.Cluster;

/// <summary>
/// One connection to one cluster, made from a kubeconfig (the real KubernetesClient configuration
/// loader: plain http, TLS, tokens, client certificates, exec plugins as it supports them). Every
/// cluster target opens one; a bad kubeconfig or context is one line saying what to fix. Every request goes through
/// the Kubernetes retry policy (<see cref="ServicePolicies.Kubernetes"/>): each attempt has the request timeout, the
/// retries together the budget's wait timeout.
/// </summary>
public sealed class ClusterConnection : IDisposable
{
    private ClusterConnection(KubernetesApi api, string context, string server, string kubeconfig, RetryBudget retry)
    {
        Api = api;
        Retry = retry;
        Context = context;
        Server = server;
        Kubeconfig = kubeconfig;
    }

    /// <summary>The client: typed operations (CoreV1, CustomObjects …) and raw requests (<see cref="KubernetesApi.SendAsync"/>).</summary>
    public KubernetesApi Api { get; }
    public string Context { get; }
    public string Server { get; }
    public string Kubeconfig { get; }

    /// <summary>The retry budget of this connection's requests; the MinIO client behind a port-forward uses it too.</summary>
    public RetryBudget Retry { get; }

    /// <summary>"context kind-logforge (https://127.0.0.1:6443)", for messages.</summary>
    public string Description => $"context {Context} ({Server})";

    public static ClusterConnection Open(ClusterSettings settings)
    {
        var path = settings.KubeconfigPath();
        if (!File.Exists(path))
            throw new ClusterException($"no kubeconfig at {path}", "pass --kubeconfig, set KUBECONFIG, or create the cluster first (deploy/lab/step2.md)");

        K8SConfiguration file;
        try
        {
            file = KubernetesClientConfiguration.LoadKubeConfig(path);
        }
        catch (Exception e) when (e is KubeConfigException or YamlDotNet.Core.YamlException or IOException or UnauthorizedAccessException)
        {
            throw new ClusterException($"cannot read the kubeconfig {path}: {FirstLine(e.Message)}", "fix the file or pass another --kubeconfig", e);
        }

        var context = string.IsNullOrEmpty(settings.Context) ? file.CurrentContext : settings.Context;
        var contexts = file.Contexts?.Select(c => c.Name).ToList() ?? [];
        if (string.IsNullOrEmpty(context))
            throw new ClusterException($"{path} has no current-context", $"pass --kube-context ({Known(contexts)})");
        if (!contexts.Contains(context))
            throw new ClusterException($"context '{context}' is not in {path} ({Known(contexts)})", "pass one of them with --kube-context");

        KubernetesClientConfiguration config;
        try
        {
            config = KubernetesClientConfiguration.BuildConfigFromConfigObject(file, context);
        }
        catch (Exception e) when (e is KubeConfigException or FormatException or System.Security.Cryptography.CryptographicException)
        {
            throw new ClusterException($"context '{context}' in {path} is not usable: {FirstLine(e.Message)}", "fix the kubeconfig", e);
        }
        // The generated operations cancel after HttpClientTimeout around the whole handler chain, retries included: the
        // retry handler bounds each attempt instead, and the budget the retries.
        var retry = settings.Retry ?? RetryBudget.For(null);
        config.HttpClientTimeout = retry.WaitTimeout + settings.RequestTimeout;
        var api = new KubernetesApi(config, ServicePolicies.Kubernetes(retry, settings.RequestTimeout));
        return new ClusterConnection(api, context, config.Host, path, retry);
    }

    /// <summary>Asks the API server for its version: reachable, and the credentials are accepted.</summary>
    public async Task<string> VerifyReachableAsync(CancellationToken ct)
    {
        var version = await ClusterCall.RunAsync(this, "ask the API server for its version", () => Api.Version.GetCodeAsync(ct), ct);
        return version.GitVersion;
    }

    private static string Known(IReadOnlyCollection<string> contexts) =>
        contexts.Count == 0 ? "it defines no contexts" : "contexts: " + string.Join(", ", contexts);

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();

    public void Dispose() => Api.Dispose();
}
