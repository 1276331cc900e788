using System.Text;

namespace LogForge.Delivery.Ledger;

/// <summary>The ledger as Markdown, for $GITHUB_STEP_SUMMARY.</summary>
public static class LedgerMarkdown
{
    public static string Render(LedgerView view)
    {
        var text = new StringBuilder();
        text.AppendLine($"## Ledger of {view.Environment}");
        text.AppendLine();
        text.AppendLine($"`{view.ValuesFile}` on {Cell(view.Source)}: {LedgerTable.Count(view)}.");
        text.AppendLine();
        if (view.Entries.Count == 0) return text.AppendLine("No commit changed its image tag.").ToString();
        text.AppendLine("| when (UTC) | what | version | digest | PR | who | commit | verified |");
        text.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var entry in view.Entries)
        {
            var row = LedgerTable.Row(entry);
            row[3] = entry.Record?.ImageDigest is { } digest ? $"`{digest}`" : "—";
            row[6] = $"`{row[6]}`";
            text.AppendLine("| " + string.Join(" | ", row.Select(Cell)) + " |");
        }
        return text.ToString();
    }

    private static string Cell(string text) => text.Replace("|", "\\|").Replace("\r", "").Replace("\n", "<br>");
}
