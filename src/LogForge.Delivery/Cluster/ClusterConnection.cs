using k8s;
using k8s.Exceptions;
using k8s.KubeConfigModels;

namespace LogForge.Delivery.Cluster;

/// <summary>
/// One connection to one cluster, made from a kubeconfig (the real KubernetesClient configuration
/// loader: plain http, TLS, tokens, client certificates, exec plugins as it supports them). Every
/// cluster target opens one; a bad kubeconfig or context is one line saying what to fix.
/// </summary>
public sealed class ClusterConnection : IDisposable
{
    private ClusterConnection(KubernetesApi api, string context, string server, string kubeconfig)
    {
        Api = api;
        Context = context;
        Server = server;
        Kubeconfig = kubeconfig;
    }

    /// <summary>The client: typed operations (CoreV1, CustomObjects …) and raw requests (<see cref="KubernetesApi.SendAsync"/>).</summary>
    public KubernetesApi Api { get; }
    public string Context { get; }
    public string Server { get; }
    public string Kubeconfig { get; }

    /// <summary>"context kind-logforge (https://127.0.0.1:6443)", for messages.</summary>
    public string Description => $"context {Context} ({Server})";

    public static ClusterConnection Open(ClusterSettings settings)
    {
        var path = settings.KubeconfigPath();
        if (!File.Exists(path))
            throw new ClusterException($"no kubeconfig at {path} — pass --kubeconfig, set KUBECONFIG, or create the cluster first (deploy/lab/step2.md)");

        K8SConfiguration file;
        try
        {
            file = KubernetesClientConfiguration.LoadKubeConfig(path);
        }
        catch (Exception e) when (e is KubeConfigException or YamlDotNet.Core.YamlException or IOException or UnauthorizedAccessException)
        {
            throw new ClusterException($"cannot read the kubeconfig {path}: {FirstLine(e.Message)} — fix the file or pass another --kubeconfig", e);
        }

        var context = string.IsNullOrEmpty(settings.Context) ? file.CurrentContext : settings.Context;
        var contexts = file.Contexts?.Select(c => c.Name).ToList() ?? [];
        if (string.IsNullOrEmpty(context))
            throw new ClusterException($"{path} has no current-context — pass --kube-context ({Known(contexts)})");
        if (!contexts.Contains(context))
            throw new ClusterException($"context '{context}' is not in {path} ({Known(contexts)}) — pass one of them with --kube-context");

        KubernetesClientConfiguration config;
        try
        {
            config = KubernetesClientConfiguration.BuildConfigFromConfigObject(file, context);
        }
        catch (Exception e) when (e is KubeConfigException or FormatException or System.Security.Cryptography.CryptographicException)
        {
            throw new ClusterException($"context '{context}' in {path} is not usable: {FirstLine(e.Message)} — fix the kubeconfig", e);
        }
        config.HttpClientTimeout = settings.RequestTimeout;
        return new ClusterConnection(new KubernetesApi(config, settings.RequestTimeout), context, config.Host, path);
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
