using LogForge.Delivery.Environments;

namespace LogForge.Delivery.Smoke.Cluster;

/// <summary>
/// Where an environment's LogForge API answers in the cluster: the Service the chart names after
/// <c>fullnameOverride</c>, on <c>service.port</c> (each read from the environment's values file, else the chart's
/// values.yaml, as helm merges a scalar), in the namespace deploy/env/policy.yaml gives the environment.
/// Read from the files, not from a render: Smoke of a cluster env needs no helm.
/// </summary>
public sealed record SmokeService(string Namespace, string Name, int Port)
{
    /// <summary>`svc/logforge:8080 in dev`, for reports.</summary>
    public string Description => $"svc/{Name}:{Port} in {Namespace}";

    public static SmokeService For(TargetEnvironment environment)
    {
        var name = environment.Scalar("fullnameOverride");
        if (string.IsNullOrEmpty(name.Value))
            throw new InvalidDataException($"{environment.ValuesFile} sets no fullnameOverride — Smoke finds the Service by that name; " +
                "set it (the chart's other naming is not reproduced here)");
        var port = environment.Scalar("service", "port");
        if (!int.TryParse(port.Value, out var number) || number is < 1 or > 65535)
            throw new InvalidDataException($"{port.File ?? $"{environment.Policy.Chart}/values.yaml"}: service.port '{port.Value}' is not a port number");
        return new SmokeService(environment.Namespace, name.Value, number);
    }
}
