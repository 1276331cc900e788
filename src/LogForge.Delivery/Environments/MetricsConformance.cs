using System.Text.Json;
using YamlDotNet.RepresentationModel;

namespace LogForge.Delivery.Environments;

/// <summary>
/// The conformance check "metrics": a ServiceMonitor and the Grafana dashboard ConfigMap are rendered exactly where
/// the policy says the environment's cluster has what reads them; a rendered ServiceMonitor (monitoring.coreos.com/v1)
/// scrapes the policy's path on the policy's port of a Service reaching every Deployment's pods (the archiver serves
/// /metrics too); a dashboard ConfigMap carries the sidecar's label "1" and holds dashboard JSON with panels.
/// </summary>
public static class MetricsConformance
{
    public const string ServiceMonitorApiVersion = "monitoring.coreos.com/v1";

    public static string Summary(EnvironmentRule rule, MetricsPolicy metrics) =>
        (rule.ServiceMonitor ? $"ServiceMonitor scrapes {metrics.Path} on port {metrics.Port} of every Deployment" : "no ServiceMonitor")
        + (rule.GrafanaDashboard ? $", Grafana dashboard ({metrics.DashboardLabel}: \"1\")" : ", no Grafana dashboard");

    public static List<string> Problems(RenderedEnvironment rendered, EnvironmentRule rule, MetricsPolicy metrics)
    {
        var env = rendered.Name;
        var problems = new List<string>();
        var monitors = rendered.OfKind("ServiceMonitor").ToList();
        var dashboards = rendered.OfKind("ConfigMap").Where(c => c.At("metadata", "labels", metrics.DashboardLabel) is not null).ToList();
        Expect(problems, env, rule.ServiceMonitor, monitors, "a ServiceMonitor", "metrics.serviceMonitor.enabled", "serviceMonitor");
        Expect(problems, env, rule.GrafanaDashboard, dashboards, "the Grafana dashboard ConfigMap", "metrics.dashboard.enabled", "grafanaDashboard");
        foreach (var monitor in monitors)
            problems.AddRange(ServiceMonitorProblems(rendered, monitor, metrics).Select(p => $"{env}: {monitor.Id}: {p}"));
        foreach (var dashboard in dashboards)
            problems.AddRange(DashboardProblems(dashboard, metrics).Select(p => $"{env}: {dashboard.Id}: {p}"));
        return problems;
    }

    private static void Expect(List<string> problems, string env, bool wanted, List<ManifestDocument> found, string what, string value, string policyKey)
    {
        if (wanted && found.Count == 0)
            problems.Add($"{env}: policy environments.{env}.{policyKey} asks for {what}; none is rendered (values: {value} is false)");
        if (!wanted && found.Count > 0)
            problems.Add($"{env}: {string.Join(", ", found.Select(f => f.Id))} is rendered (values: {value}); policy environments.{env}.{policyKey} is false");
    }

    private static IEnumerable<string> ServiceMonitorProblems(RenderedEnvironment rendered, ManifestDocument monitor, MetricsPolicy metrics)
    {
        if (monitor.ScalarAt("apiVersion") != ServiceMonitorApiVersion)
            yield return $"apiVersion is '{monitor.ScalarAt("apiVersion")}'; expected {ServiceMonitorApiVersion}";
        var endpoints = monitor.At("spec", "endpoints").Items().ToList();
        if (endpoints.Count == 0)
            yield return "spec.endpoints is empty";
        foreach (var endpoint in endpoints)
        {
            if (endpoint.ScalarAt("path") != metrics.Path)
                yield return $"an endpoint scrapes path '{endpoint.ScalarAt("path") ?? "(none: /metrics)"}'; policy says '{metrics.Path}'";
            if (endpoint.ScalarAt("port") != metrics.Port)
                yield return $"an endpoint scrapes port '{endpoint.ScalarAt("port") ?? "(none)"}'; policy says '{metrics.Port}'";
        }

        var matchLabels = Labels(monitor.At("spec", "selector", "matchLabels"));
        var services = rendered.OfKind("Service").Where(s => IsSubset(matchLabels, Labels(s.At("metadata", "labels")))).ToList();
        foreach (var deployment in rendered.Deployments)
        {
            var podLabels = Labels(deployment.At("spec", "template", "metadata", "labels"));
            var reaches = services.Any(s => IsSubset(Labels(s.At("spec", "selector")), podLabels) && ServesPort(s, deployment, metrics.Port));
            if (!reaches)
                yield return $"selects no Service with a port '{metrics.Port}' that reaches the pods of {deployment.Id}";
        }
    }

    /// <summary>The Service has a port named <paramref name="port"/> whose targetPort is a container port of the Deployment.</summary>
    private static bool ServesPort(ManifestDocument service, ManifestDocument deployment, string port)
    {
        var target = service.At("spec", "ports").Items().FirstOrDefault(p => p.ScalarAt("name") == port)?.ScalarAt("targetPort");
        return target is not null && RenderedEnvironment.Containers(deployment)
            .SelectMany(c => c.At("ports").Items())
            .Any(p => p.ScalarAt("name") == target || p.ScalarAt("containerPort") == target);
    }

    private static IEnumerable<string> DashboardProblems(ManifestDocument configMap, MetricsPolicy metrics)
    {
        if (configMap.ScalarAt("metadata", "labels", metrics.DashboardLabel) != "1")
            yield return $"label {metrics.DashboardLabel} is '{configMap.ScalarAt("metadata", "labels", metrics.DashboardLabel)}'; the sidecar loads \"1\"";
        var files = configMap.At("data").Entries().ToList();
        if (files.Count == 0)
            yield return "holds no dashboard (data is empty)";
        foreach (var (name, value) in files)
        {
            var problem = DashboardJsonProblem((value as YamlScalarNode)?.Value ?? "");
            if (problem is not null)
                yield return $"data.{name}: {problem}";
        }
    }

    private static string? DashboardJsonProblem(string text)
    {
        try
        {
            using var json = JsonDocument.Parse(text);
            return json.RootElement.TryGetProperty("panels", out var panels) && panels.ValueKind == JsonValueKind.Array && panels.GetArrayLength() > 0
                ? null
                : "is not a Grafana dashboard (no panels)";
        }
        catch (JsonException e)
        {
            return $"is not JSON: {e.Message}";
        }
    }

    private static Dictionary<string, string> Labels(YamlNode? node) =>
        node.Entries().ToDictionary(e => e.Key, e => (e.Value as YamlScalarNode)?.Value ?? "");

    private static bool IsSubset(Dictionary<string, string> wanted, Dictionary<string, string> labels) =>
        wanted.Count > 0 && wanted.All(w => labels.TryGetValue(w.Key, out var v) && v == w.Value);
}
