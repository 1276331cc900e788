using System.Text;

namespace LogForge.Delivery.Validation;

/// <summary>The results as a plain-text table for a console (the caller prints it).</summary>
public static class ValidationReportTable
{
    public static string Format(ValidationReport report)
    {
        var nameWidth = Math.Max(5, report.Results.Max(r => r.Name.Length));
        var text = new StringBuilder();
        text.AppendLine($"{"check".PadRight(nameWidth)}  {"status",-7}  detail");
        foreach (var result in report.Results)
        {
            var lines = result.Detail.Split('\n');
            text.AppendLine($"{result.Name.PadRight(nameWidth)}  {result.Status,-7}  {lines[0]}");
            foreach (var line in lines.Skip(1))
                text.AppendLine($"{new string(' ', nameWidth)}           {line}");
        }
        text.Append(report.Summary);
        return text.ToString();
    }
}
