// A kubeconfig file as kubectl writes it (clusters, users, contexts, current-context). Followed:
// https://kubernetes.io/docs/concepts/configuration/organize-cluster-access-kubeconfig/ and kubernetes-client/csharp
// src/KubernetesClient/KubeConfigModels/K8SConfiguration.cs (the fields KubernetesClientConfiguration reads).
using System.Text;

namespace LogForge.Testing.Kubernetes;

internal static class Kubeconfig
{
    public static string Render(Uri server, string contextName, string? token, string? ns)
    {
        var text = new StringBuilder();
        text.Append("apiVersion: v1\n");
        text.Append("kind: Config\n");
        text.Append("clusters:\n");
        text.Append($"- name: {Quote(contextName)}\n");
        text.Append("  cluster:\n");
        text.Append($"    server: {Quote(server.GetLeftPart(UriPartial.Authority))}\n");
        // KubernetesClient refuses a context whose user has no credentials: without a token the context names no user.
        if (token is null)
        {
            text.Append("users: []\n");
        }
        else
        {
            text.Append("users:\n");
            text.Append($"- name: {Quote(contextName + "-user")}\n");
            text.Append($"  user:\n    token: {Quote(token)}\n");
        }
        text.Append("contexts:\n");
        text.Append($"- name: {Quote(contextName)}\n");
        text.Append("  context:\n");
        text.Append($"    cluster: {Quote(contextName)}\n");
        if (token is not null)
            text.Append($"    user: {Quote(contextName + "-user")}\n");
        if (ns is not null)
            text.Append($"    namespace: {Quote(ns)}\n");
        text.Append($"current-context: {Quote(contextName)}\n");
        text.Append("preferences: {}\n");
        return text.ToString();
    }

    private static string Quote(string value) => "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
}
