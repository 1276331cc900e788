namespace LogForge.Build.Engine;

internal sealed record Requirement(Func<object?> Value, string Expression, Func<bool>? When = null, string? WhenReason = null);

internal sealed record Condition(Func<bool> Predicate, string Reason);

/// <summary>What one target declaration says, collected by running its <see cref="Target"/> delegate once.</summary>
internal sealed class TargetDefinition(string name, int declarationIndex) : ITargetDefinition
{
    public string Name { get; } = name;
    public int DeclarationIndex { get; } = declarationIndex;
    public string DescriptionText { get; private set; } = "";
    public List<Target> DependsOnTargets { get; } = [];
    public List<Target> AfterTargets { get; } = [];
    public List<Target> BeforeTargets { get; } = [];
    public List<Target> TriggersTargets { get; } = [];
    public List<Requirement> Requirements { get; } = [];
    public List<Func<string?>> Validations { get; } = [];
    public List<Condition> Conditions { get; } = [];
    public bool ProceedsAfterFailure { get; private set; }
    public List<Func<CancellationToken, Task>> Actions { get; } = [];

    public ITargetDefinition Description(string description) { DescriptionText = description; return this; }
    public ITargetDefinition DependsOn(params Target[] targets) { DependsOnTargets.AddRange(targets); return this; }
    public ITargetDefinition After(params Target[] targets) { AfterTargets.AddRange(targets); return this; }
    public ITargetDefinition Before(params Target[] targets) { BeforeTargets.AddRange(targets); return this; }
    public ITargetDefinition Triggers(params Target[] targets) { TriggersTargets.AddRange(targets); return this; }

    public ITargetDefinition Requires(Func<object?> value, string expression = "")
    {
        Requirements.Add(new Requirement(value, expression));
        return this;
    }

    public ITargetDefinition Validates(Func<string?> problem)
    {
        Validations.Add(problem);
        return this;
    }

    public ITargetDefinition Requires(Func<object?> value, Func<bool> when, string reason, string expression = "")
    {
        Requirements.Add(new Requirement(value, expression, when, reason));
        return this;
    }

    public ITargetDefinition OnlyWhenDynamic(Func<bool> condition, string? reason = null, string expression = "")
    {
        Conditions.Add(new Condition(condition, reason ?? $"condition {expression} is false"));
        return this;
    }

    public ITargetDefinition ProceedAfterFailure(bool proceed = true) { ProceedsAfterFailure = proceed; return this; }

    public ITargetDefinition Executes(Action action)
    {
        Actions.Add(_ => { action(); return Task.CompletedTask; });
        return this;
    }

    public ITargetDefinition Executes(Func<Task> action)
    {
        Actions.Add(_ => action());
        return this;
    }

    public ITargetDefinition Executes(Func<CancellationToken, Task> action)
    {
        Actions.Add(action);
        return this;
    }
}
