using System.Xml.Linq;
using LogForge.Delivery.Checks;
using LogForge.Delivery.Validation;

namespace LogForge.Delivery.Tests.Validation;

public sealed class ReportWriterTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("logforge-report-").FullName;

    private static readonly ValidationReport Report = new(
    [
        CheckResult.Pass("HelmRender dev", "ok"),
        CheckResult.Fail("Parity staging vs production", "Deployment/logforge  spec.replicas  staging=3  production=2\nConfigMap/logforge  data.X  staging=a|b  production=c"),
        CheckResult.Skip("Cluster: MinIO pod and buckets", "no cluster configured"),
    ], TimeSpan.FromMilliseconds(321), "helm v4.1.4 from PATH (/usr/bin/helm)");

    [Fact]
    public async Task Writes_markdown_and_junit_under_artifacts_and_appends_the_step_summary()
    {
        var summary = Path.Combine(_root, "summary.md");
        File.WriteAllText(summary, "earlier step\n");

        var written = await ValidationReportFiles.WriteAsync(Report, _root, summary);

        Assert.Equal([Path.Combine(_root, "artifacts", "validation-report.md"), Path.Combine(_root, "artifacts", "validation-report.xml")], written);
        var markdown = File.ReadAllText(written[0]);
        Assert.Contains("❌ failed: 1 passed, 1 failed, 1 skipped in 0.32 s", markdown);
        Assert.Contains("| Parity staging vs production | ❌ Failed | Deployment/logforge  spec.replicas  staging=3  production=2<br>ConfigMap/logforge  data.X  staging=a\\|b  production=c |", markdown);
        Assert.Equal("earlier step\n" + markdown + "\n", File.ReadAllText(summary));

        var suite = XDocument.Load(written[1]).Root!.Element("testsuite")!;
        Assert.Equal(("3", "1", "1"), (suite.Attribute("tests")!.Value, suite.Attribute("failures")!.Value, suite.Attribute("skipped")!.Value));
        var failed = suite.Elements("testcase").Single(t => t.Attribute("name")!.Value == "Parity staging vs production");
        Assert.Equal("Deployment/logforge  spec.replicas  staging=3  production=2", failed.Element("failure")!.Attribute("message")!.Value);
        Assert.Equal("no cluster configured", suite.Elements("testcase").Last().Element("skipped")!.Attribute("message")!.Value);
    }

    [Fact]
    public async Task Without_a_step_summary_only_the_artifacts_are_written()
    {
        var written = await ValidationReportFiles.WriteAsync(Report, _root, stepSummaryPath: null);

        Assert.Equal(2, written.Count);
        Assert.Equal(["artifacts"], Directory.GetFileSystemEntries(_root).Select(Path.GetFileName));
    }

    [Fact]
    public void The_console_table_lists_every_check_and_ends_with_the_counts()
    {
        var lines = ValidationReportTable.Format(Report).Split('\n');

        Assert.StartsWith("check", lines[0]);
        Assert.Contains(lines, l => l.StartsWith("Parity staging vs production") && l.Contains("Failed") && l.EndsWith("staging=3  production=2"));
        Assert.Contains(lines, l => l.Trim() == "ConfigMap/logforge  data.X  staging=a|b  production=c");
        Assert.Equal("1 passed, 1 failed, 1 skipped", lines[^1]);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
