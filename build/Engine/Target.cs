namespace LogForge.Build.Engine;

/// <summary>A build target, declared NUKE-style: <c>Target Compile => _ => _.Executes(...)</c>.</summary>
public delegate ITargetDefinition Target(ITargetDefinition definition);

/// <summary>The fluent surface a target declaration uses.</summary>
public interface ITargetDefinition
{
    ITargetDefinition Description(string description);
    ITargetDefinition DependsOn(params Target[] targets);
    ITargetDefinition After(params Target[] targets);
    ITargetDefinition Before(params Target[] targets);
    ITargetDefinition Triggers(params Target[] targets);
    ITargetDefinition Requires(Func<object?> value, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(value))] string expression = "");
    /// <summary>Checked with <see cref="Requires"/>, before anything runs: a non-null answer is what is wrong with the
    /// target's input (one line, "what — what to do"), reported as a usage error (exit 2).</summary>
    ITargetDefinition Validates(Func<string?> problem);
    /// <summary>Requires the value only while <paramref name="when"/> holds (checked before anything runs, like the other
    /// form); <paramref name="reason"/> says when, e.g. "except with --dry-run".</summary>
    ITargetDefinition Requires(Func<object?> value, Func<bool> when, string reason,
        [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(value))] string expression = "");
    ITargetDefinition OnlyWhenDynamic(Func<bool> condition, string? reason = null,
        [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(condition))] string expression = "");
    ITargetDefinition ProceedAfterFailure(bool proceed = true);
    ITargetDefinition Executes(Action action);
    ITargetDefinition Executes(Func<Task> action);
    ITargetDefinition Executes(Func<CancellationToken, Task> action);
}
