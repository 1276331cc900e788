namespace LogForge.Build.Engine;

/// <summary>A build input: set with <c>--kebab-name</c>, the environment (<c>SCREAMING_SNAKE</c>), or .nuke/parameters*.json.</summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property)]
public sealed class ParameterAttribute(string description) : Attribute
{
    public string Description { get; } = description;

    /// <summary>Read only the prefixed variable (LOGFORGE_NAME) from the environment, for names a shell already uses (ENV, PATH …).</summary>
    public bool PrefixedEnvironmentOnly { get; init; }
}

/// <summary>The parameter's value is masked as **** in everything the build writes.</summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property)]
public sealed class SecretAttribute : Attribute;
