using System.Text.Json.Nodes;

namespace LogForge.Testing.Kubernetes;

/// <summary>
/// Argo CD as a test finds it: the Application CRD, the argocd namespace, and Applications stored with the status
/// Argo CD's controller would have left (<see cref="ArgoApplicationStatus"/>), their target revision resolved for the
/// simulation (<see cref="Controller.ArgoCdSimulation.SetRevision"/>).
/// </summary>
public static class ArgoApplicationSeed
{
    public const string Namespace = "argocd";

    /// <summary>The Application CRD and the argocd namespace.</summary>
    public static void InstallArgoCd(FakeKubernetesServer server)
    {
        server.Seed(KnownCrds.ArgoCdApplication());
        server.Seed(new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = Namespace } });
    }

    /// <summary>logforge-&lt;env&gt; as the simulation reads it: project default, the chart at main, the environment's namespace.</summary>
    public static JsonObject Application(string env) => new()
    {
        ["apiVersion"] = "argoproj.io/v1alpha1",
        ["kind"] = "Application",
        ["metadata"] = new JsonObject { ["name"] = $"logforge-{env}", ["namespace"] = Namespace },
        ["spec"] = new JsonObject
        {
            ["project"] = "default",
            ["source"] = new JsonObject
            {
                ["repoURL"] = "https://github.com/logforge-dev/logforge.git",
                ["targetRevision"] = "main",
                ["path"] = "deploy/helm/logforge",
            },
            ["destination"] = new JsonObject { ["server"] = "https://kubernetes.default.svc", ["namespace"] = env },
        },
    };

    /// <summary>Stores <paramref name="application"/> (with <paramref name="status"/> when given) and has its target revision
    /// resolve to <paramref name="targetAt"/>.</summary>
    public static void Seed(FakeKubernetesServer server, JsonObject application, ArgoApplicationStatus? status, string targetAt)
    {
        if (status is not null)
            application["status"] = status.ToJson();
        server.Seed(application);
        server.Controller.ArgoCd.SetRevision(application.Namespace(), application.Name(), targetAt);
    }

    /// <summary>Argo CD installed and logforge-production seeded: the usual start of a manual-sync test.</summary>
    public static void SeedProduction(FakeKubernetesServer server, ArgoApplicationStatus? status, string targetAt)
    {
        InstallArgoCd(server);
        Seed(server, Application("production"), status, targetAt);
    }
}

/// <summary>An Application's status as Argo CD reports it: sync status and revision, health, when it last reconciled, and the
/// operation an earlier run finished.</summary>
public sealed record ArgoApplicationStatus(string Sync, string Revision, string Health = "Healthy")
{
    public string? ReconciledAt { get; init; }

    public EarlierOperation? LastOperation { get; init; }

    public JsonObject ToJson()
    {
        var status = new JsonObject
        {
            ["sync"] = new JsonObject { ["status"] = Sync, ["revision"] = Revision },
            ["health"] = new JsonObject { ["status"] = Health },
        };
        if (ReconciledAt is not null)
            status["reconciledAt"] = ReconciledAt;
        if (LastOperation is not null)
            status["operationState"] = LastOperation.ToJson();
        return status;
    }
}

/// <summary>A sync operation that Succeeded, as status.operationState keeps it; <paramref name="Run"/>: the logforge-run info an
/// earlier LogForge run put on it (none when someone else synced).</summary>
public sealed record EarlierOperation(string Revision, string InitiatedBy, string? Run, string StartedAt, string FinishedAt)
{
    public JsonObject ToJson()
    {
        var operation = new JsonObject
        {
            ["sync"] = new JsonObject { ["revision"] = Revision },
            ["initiatedBy"] = new JsonObject { ["username"] = InitiatedBy },
        };
        if (Run is not null)
            operation["info"] = new JsonArray(new JsonObject { ["name"] = "logforge-run", ["value"] = Run });
        return new JsonObject
        {
            ["phase"] = "Succeeded",
            ["message"] = "successfully synced (all tasks run)",
            ["startedAt"] = StartedAt,
            ["finishedAt"] = FinishedAt,
            ["operation"] = operation,
            ["syncResult"] = new JsonObject { ["revision"] = Revision },
        };
    }
}
