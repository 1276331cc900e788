using LogForge.Delivery.Environments;
using YamlDotNet.RepresentationModel;

namespace LogForge.Delivery.Validation.Workflows;

/// <summary>One GitHub Actions workflow file, parsed (YamlDotNet), with its raw lines for the comments a parser drops.</summary>
public sealed class WorkflowFile
{
    public const string Directory = ".github/workflows";

    private WorkflowFile(string name, YamlMappingNode root, string[] lines)
    {
        Name = name;
        Root = root;
        Lines = lines;
    }

    /// <summary>The file name, e.g. release.yml.</summary>
    public string Name { get; }
    public YamlMappingNode Root { get; }
    public string[] Lines { get; }

    public YamlNode? On => Root.At("on");
    public YamlNode? Permissions => Root.At("permissions");

    public IEnumerable<WorkflowJob> Jobs =>
        Root.At("jobs").Entries().Select(e => new WorkflowJob(this, e.Key, e.Value as YamlMappingNode ?? new YamlMappingNode()));

    /// <summary>The raw line a node starts on (1-based), for comments such as "# v4.4.0".</summary>
    public string LineOf(YamlNode node) => node.Start.Line >= 1 && node.Start.Line <= Lines.Length ? Lines[node.Start.Line - 1] : "";

    /// <summary>Every workflow under <paramref name="repoRoot"/>/.github/workflows, or the problem of each that does not parse.</summary>
    public static (IReadOnlyList<WorkflowFile> Files, IReadOnlyList<string> Problems) LoadAll(string repoRoot)
    {
        var directory = Path.Combine(repoRoot, Directory);
        var files = new List<WorkflowFile>();
        var problems = new List<string>();
        if (!System.IO.Directory.Exists(directory))
            return (files, [$"{Directory} does not exist"]);
        var paths = System.IO.Directory.EnumerateFiles(directory)
            .Where(p => p.EndsWith(".yml", StringComparison.Ordinal) || p.EndsWith(".yaml", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            var name = Path.GetFileName(path);
            var text = File.ReadAllText(path);
            try
            {
                var stream = new YamlStream();
                stream.Load(new StringReader(text));
                if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode root)
                    problems.Add($"{name}: not one YAML mapping");
                else if (root.At("on") is null || root.At("jobs") is not YamlMappingNode)
                    problems.Add($"{name}: needs 'on' and a 'jobs' mapping");
                else
                    files.Add(new WorkflowFile(name, root, text.Split('\n')));
            }
            catch (YamlDotNet.Core.YamlException e)
            {
                problems.Add($"{name}: not valid YAML (line {e.Start.Line}): {e.Message}");
            }
            catch (InvalidOperationException e) // YamlDotNet's scanner on some malformed flow collections
            {
                problems.Add($"{name}: not valid YAML: {e.Message}");
            }
        }
        return (files, problems);
    }
}

/// <summary>One job of a workflow.</summary>
public sealed record WorkflowJob(WorkflowFile File, string Id, YamlMappingNode Node)
{
    public YamlNode? Permissions => Node.At("permissions");

    /// <summary>The job's own permissions, else the workflow's defaults.</summary>
    public YamlNode? EffectivePermissions => Permissions ?? File.Permissions;

    public IEnumerable<WorkflowStep> Steps => Node.At("steps").Items().OfType<YamlMappingNode>()
        .Select((step, i) => new WorkflowStep(this, i + 1, step));

    public string Describe => $"{File.Name} job {Id}";
}

/// <summary>One step of a job.</summary>
public sealed record WorkflowStep(WorkflowJob Job, int Number, YamlMappingNode Node)
{
    public string? Name => Node.ScalarAt("name");
    public YamlScalarNode? Uses => Node.At("uses") as YamlScalarNode;
    public string? Run => Node.ScalarAt("run");

    public string Describe => $"{Job.Describe} step {Number}{(Name is null ? "" : $" '{Name}'")}";
}
