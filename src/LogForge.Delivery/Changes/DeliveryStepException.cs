namespace LogForge.Delivery.Changes;

/// <summary>A delivery flow (Release, Promote, Rollback) stopped at <see cref="Step"/>; the message is one line:
/// <c>step: what failed — what to do</c>. The flow has undone its local changes when this is thrown.</summary>
public sealed class DeliveryStepException(string step, string what, string fix, Exception? inner = null)
    : Exception($"{step}: {OneLine(what)} — {OneLine(fix)}", inner)
{
    public string Step { get; } = step;

    private static string OneLine(string text) => string.Join(" ", text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
