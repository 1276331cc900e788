using LogForge.Delivery.Versions;

namespace LogForge.Delivery.Changes;

/// <summary>The failures every flow turns into one line the same way.</summary>
public static class FlowFailures
{
    public static DeliveryStepException FromGit(Process.ProcessFailedException e)
    {
        var said = e.Result.Tail(1);
        if (RejectedCredentials(e.Result.StandardError))
            return new DeliveryStepException("GitHub",
                $"GitHub rejected the token when git {e.Result.Request.Arguments.FirstOrDefault()} talked to the remote (HTTP 401; git: {said})",
                "set a valid --github-token (or GITHUB_TOKEN)", e);
        return new DeliveryStepException("git", $"{e.Result.Request.Describe(4)} exited with code {e.Result.ExitCode}{(said.Length > 0 ? ": " + said : "")}",
            "fix what git says, then re-run (the checkout is unchanged)", e);
    }

    /// <summary>git's words for an HTTP 401 to the credentials it sent: it asks for a username (and cannot, with prompts off), or reports
    /// the failed authentication with the server's text.</summary>
    private static bool RejectedCredentials(string stderr) =>
        stderr.Contains("terminal prompts disabled", StringComparison.Ordinal) || stderr.Contains("Authentication failed for", StringComparison.Ordinal)
        || stderr.Contains("Invalid username or token", StringComparison.Ordinal);

    /// <summary>Runs a tag edit or read; a refusal becomes the flow's "edit" step failure.</summary>
    public static T Edit<T>(Func<T> edit)
    {
        try
        {
            return edit();
        }
        catch (ImageTagEditException e)
        {
            throw new DeliveryStepException("edit", e.Message, "fix the values file on the default branch, then re-run (nothing was pushed)");
        }
    }

    /// <summary>A commit as messages show it: its first 12 characters.</summary>
    public static string Short(string? sha) => sha is { Length: >= 12 } ? sha[..12] : sha ?? "?";

    /// <summary>Up to three items, then how many more.</summary>
    public static string Few(IReadOnlyCollection<string> items) =>
        items.Count == 0 ? "nothing" : string.Join(", ", items.Take(3)) + (items.Count > 3 ? $" and {items.Count - 3} more" : "");
}
