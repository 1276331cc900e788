using System.Xml.Linq;

namespace LogForge.Delivery.Testing;

/// <summary>Totals of the VSTest TRX files a `dotnet test` run wrote.</summary>
public sealed record TestRunSummary(int Passed, int Failed, int Skipped, int Files)
{
    private static readonly XNamespace Trx = "http://microsoft.com/schemas/VisualStudio/TeamTest/2010";

    public static TestRunSummary Read(string resultsDirectory)
    {
        var counters = Directory.Exists(resultsDirectory)
            ? Directory.GetFiles(resultsDirectory, "*.trx").Select(file => XDocument.Load(file).Descendants(Trx + "Counters").Single()).ToList()
            : [];
        int Sum(string attribute) => counters.Sum(c => int.Parse((string?)c.Attribute(attribute) ?? "0", System.Globalization.CultureInfo.InvariantCulture));
        return new TestRunSummary(Sum("passed"), Sum("failed") + Sum("error") + Sum("timeout") + Sum("aborted"), Sum("notExecuted"), counters.Count);
    }

    /// <summary>The plain closing line CI readers look for.</summary>
    public override string ToString() => $"{Passed} passed, {Failed} failed, {Skipped} skipped";
}
