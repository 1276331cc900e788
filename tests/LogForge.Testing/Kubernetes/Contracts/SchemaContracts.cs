using System.Text.Json.Nodes;
using LogForge.Delivery.Process;
using LogForge.Delivery.Tools;

namespace LogForge.Testing.Kubernetes.Contracts;

/// <summary>One object that broke its schema: the request it answered, its kind, and the validator's errors.</summary>
public sealed record ContractViolation(string Request, string Kind, string Errors)
{
    public override string ToString() => $"{Kind} answering {Request}: {Errors}";
}

/// <summary>What a validation found: the kinds checked (with counts), those no schema covers, and the violations.</summary>
public sealed record ContractReport(IReadOnlyDictionary<string, int> Validated, IReadOnlySet<string> Unschematized,
    IReadOnlyList<ContractViolation> Violations);

/// <summary>
/// Validates Kubernetes objects against the real schemas: npm <c>kubernetes-models</c> (ajv validators generated from the
/// Kubernetes OpenAPI spec), <c>@kubernetes-models/apimachinery</c> (Status, discovery, ObjectMeta) and
/// <c>@kubernetes-models/argo-cd</c> (the Application CRD's schema), at the versions deploy/lab/versions.env pins,
/// installed once into .tools/kubernetes-models/&lt;versions&gt; and run by node (ES modules) through the process runner:
/// objects in as NDJSON on stdin, one JSON answer out. Kinds no package models (Strimzi's Kafka, KafkaTopic) are listed
/// as unschematized rather than passed.
/// </summary>
public static class SchemaContracts
{
    private const string Script = """
        import { createInterface } from 'node:readline';
        const meta = new Set(['Status', 'APIResourceList', 'APIGroupList', 'APIGroup', 'APIVersions', 'ObjectMeta']);
        function modulePath(apiVersion, kind) {
          if (meta.has(kind)) return `@kubernetes-models/apimachinery/apis/meta/v1/${kind}`;
          if (apiVersion === 'argoproj.io/v1alpha1') return `@kubernetes-models/argo-cd/argoproj.io/v1alpha1/${kind}`;
          if (!apiVersion || !kind) return null;
          return apiVersion.includes('/') ? `kubernetes-models/${apiVersion}/${kind}` : `kubernetes-models/${apiVersion}/${kind}`;
        }
        const results = [];
        for await (const line of createInterface({ input: process.stdin })) {
          if (!line.trim()) continue;
          const { id, object } = JSON.parse(line);
          let { apiVersion, kind } = object;
          let checked = object;
          if (kind === 'PartialObjectMetadata' || kind === 'PartialObjectMetadataList') { kind = 'ObjectMeta'; checked = object.metadata ?? {}; }
          // The API server encodes a built-in list's items without apiVersion/kind; the models' item schemas require
          // them (the Kubernetes OpenAPI does not): give each item its list's type before validating.
          if (kind?.endsWith('List') && Array.isArray(object.items)) {
            const itemKind = kind.slice(0, -'List'.length);
            checked = { ...object, items: object.items.map(i => ({ apiVersion, kind: itemKind, ...i })) };
          }
          const path = modulePath(apiVersion, kind);
          let model = null;
          try { model = path && (await import(path))[kind]; } catch { model = null; }
          if (!model) { results.push({ id, kind: `${apiVersion} ${kind}`, unschematized: true }); continue; }
          try { new model(checked).validate(); results.push({ id, kind: `${apiVersion} ${kind}` }); }
          catch (e) { results.push({ id, kind: `${apiVersion} ${kind}`, errors: String(e.message) }); }
        }
        console.log(JSON.stringify(results));
        """;

    private static readonly SemaphoreSlim Install = new(1, 1);

    public static async Task<ContractReport> ValidateAsync(IReadOnlyList<ReturnedObject> objects, CancellationToken ct = default)
    {
        var directory = await InstallAsync(ct);
        var input = string.Join("\n", objects.Select((o, i) => new JsonObject { ["id"] = i, ["object"] = o.Object.DeepClone() }.ToJsonString()));
        var result = (await new ProcessRunner().RunAsync(new ProcessRequest("node", ["--input-type=module", "-e", Script])
        {
            WorkingDirectory = directory,
            StandardInput = input,
            Echo = OutputEcho.None,
        }, ct)).EnsureSucceeded();

        var validated = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var unschematized = new SortedSet<string>(StringComparer.Ordinal);
        var violations = new List<ContractViolation>();
        foreach (var answer in JsonNode.Parse(result.StandardOutput)!.AsArray())
        {
            var kind = answer!["kind"]!.GetValue<string>();
            if (answer["unschematized"] is not null) { unschematized.Add(kind); continue; }
            validated[kind] = validated.GetValueOrDefault(kind) + 1;
            if (answer["errors"]?.GetValue<string>() is { } errors)
                violations.Add(new ContractViolation(objects[answer["id"]!.GetValue<int>()].Request, kind, errors));
        }
        return new ContractReport(validated, unschematized, violations);
    }

    private static async Task<string> InstallAsync(CancellationToken ct)
    {
        var pins = VersionPins.Load(RepositoryRoot.Path);
        var (models, argo, machinery) = (pins.Get("KUBERNETES_MODELS_VERSION"), pins.Get("KUBERNETES_MODELS_ARGO_CD_VERSION"),
            pins.Get("KUBERNETES_MODELS_APIMACHINERY_VERSION"));
        var directory = Path.Combine(ToolPaths.ToolsDirectory(RepositoryRoot.Path), "kubernetes-models", $"{models}-argo-cd-{argo}-apimachinery-{machinery}");
        await Install.WaitAsync(ct);
        try
        {
            if (!File.Exists(Path.Combine(directory, "node_modules", "@kubernetes-models", "argo-cd", "package.json")))
            {
                Directory.CreateDirectory(directory);
                (await new ProcessRunner().RunAsync(new ProcessRequest("npm",
                    ["install", "--prefix", directory, "--no-audit", "--no-fund", "--loglevel=error",
                        $"kubernetes-models@{models}", $"@kubernetes-models/argo-cd@{argo}", $"@kubernetes-models/apimachinery@{machinery}"]),
                            ct)).EnsureSucceeded();
            }
            return directory;
        }
        finally
        {
            Install.Release();
        }
    }
}
