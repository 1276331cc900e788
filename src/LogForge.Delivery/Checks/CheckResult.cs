namespace LogForge.Delivery.Checks;

/// <summary>One line of the validation report.</summary>
public sealed record CheckResult(string Name, CheckStatus Status, string Detail)
{
    public static CheckResult Pass(string name, string detail) => new(name, CheckStatus.Passed, detail);
    public static CheckResult Fail(string name, string detail) => new(name, CheckStatus.Failed, detail);
    public static CheckResult Skip(string name, string reason) => new(name, CheckStatus.Skipped, reason);

    /// <summary>Passed when there are no problems, else Failed with one problem per line.</summary>
    public static CheckResult FromProblems(string name, IReadOnlyCollection<string> problems, string passedDetail) =>
        problems.Count == 0 ? Pass(name, passedDetail) : Fail(name, string.Join("\n", problems));
}
