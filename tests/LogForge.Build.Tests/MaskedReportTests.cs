using System.Text;
using LogForge.Build.Engine;
using LogForge.Delivery.Checks;
using LogForge.Delivery.Smoke;
using LogForge.Delivery.Validation;
using LogForge.Testing.Secrets;

namespace LogForge.Build.Tests;

/// <summary>Reports are written to artifacts/, the step summary and pull request bodies: a detail quoting a server's answer
/// that echoed a secret (here in base64) is masked in every file written.</summary>
public sealed class MaskedReportTests : IDisposable
{
    private const string Secret = "report-secret-Xq9-value";
    private readonly string _root = Directory.CreateTempSubdirectory("logforge-reports-").FullName;

    private static string Echoed => $"server said: data {Convert.ToBase64String(Encoding.UTF8.GetBytes("{\"key\":\"" + Secret + "\"}"))} refused";

    [Fact]
    public async Task A_smoke_report_and_a_gate_report_are_written_masked()
    {
        var masker = new SecretMasker();
        masker.Add(Secret);
        var smoke = new SmokeReport("staging", "http://127.0.0.1:1 " + Secret, [SmokeCheckResult.Fail("POST /logs", TimeSpan.Zero, Echoed)],
            DateTimeOffset.UnixEpoch, TimeSpan.Zero);
        var gate = new ValidationReport([new CheckResult("Cluster: secrets", CheckStatus.Failed, Echoed)], TimeSpan.Zero, "helm v4");
        var summary = Path.Combine(_root, "step-summary.md");

        var files = (await SmokeReportFiles.WriteAsync(smoke.Masked(masker.Apply), _root, summary))
            .Concat(await ValidationReportFiles.WriteAsync(gate.Masked(masker.Apply), _root, summary)).Append(summary).ToList();

        Assert.True(SecretScan.Reveals(Echoed, Secret));
        Assert.Equal(5, files.Count); // smoke .json and .md, validation-report.md and .xml, the step summary
        foreach (var file in files)
        {
            var text = await File.ReadAllTextAsync(file);
            Assert.Contains("server said: data", text);
            Assert.False(SecretScan.Reveals(text, Secret), $"{file}:\n{text}");
        }
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
