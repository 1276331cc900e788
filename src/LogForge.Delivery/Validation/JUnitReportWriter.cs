using System.Globalization;
using System.Xml.Linq;
using LogForge.Delivery.Checks;

namespace LogForge.Delivery.Validation;

/// <summary>artifacts/validation-report.xml in JUnit format: one testcase per check.</summary>
public static class JUnitReportWriter
{
    public const string FileName = "validation-report.xml";

    public static XDocument Render(ValidationReport report)
    {
        var seconds = report.Duration.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture);
        var suite = new XElement("testsuite",
            new XAttribute("name", "ValidationGate"),
            new XAttribute("tests", report.Results.Count),
            new XAttribute("failures", report.Count(CheckStatus.Failed)),
            new XAttribute("errors", 0),
            new XAttribute("skipped", report.Count(CheckStatus.Skipped)),
            new XAttribute("time", seconds),
            report.Results.Select(TestCase));
        return new XDocument(new XDeclaration("1.0", "utf-8", null), new XElement("testsuites", suite));
    }

    public static async Task<string> WriteAsync(ValidationReport report, string artifactsDirectory, CancellationToken ct = default)
    {
        Directory.CreateDirectory(artifactsDirectory);
        var path = Path.Combine(artifactsDirectory, FileName);
        await using var stream = File.Create(path);
        await Render(report).SaveAsync(stream, SaveOptions.None, ct);
        return path;
    }

    private static XElement TestCase(CheckResult result)
    {
        var testCase = new XElement("testcase",
            new XAttribute("classname", "ValidationGate"),
            new XAttribute("name", result.Name));
        switch (result.Status)
        {
            case CheckStatus.Failed:
                var firstLine = result.Detail.Split('\n')[0];
                testCase.Add(new XElement("failure", new XAttribute("message", firstLine), result.Detail));
                break;
            case CheckStatus.Skipped:
                testCase.Add(new XElement("skipped", new XAttribute("message", result.Detail)));
                break;
            default:
                testCase.Add(new XElement("system-out", result.Detail));
                break;
        }
        return testCase;
    }
}
