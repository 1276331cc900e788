using System.Text;

namespace LogForge.Delivery.Cluster.Readiness;

/// <summary>The readiness results as a compact plain-text table (the caller prints it).</summary>
public static class ReadinessTable
{
    public static string Format(IReadOnlyList<ReadinessResult> results)
    {
        var width = Math.Max(5, results.Max(r => r.Check.Length));
        var text = new StringBuilder();
        text.AppendLine($"{"check".PadRight(width)}  {"status",-9}  detail");
        foreach (var result in results)
            text.AppendLine($"{result.Check.PadRight(width)}  {(result.Ready ? "Ready" : "NotReady"),-9}  {result.Summary}");
        return text.ToString().TrimEnd();
    }
}
