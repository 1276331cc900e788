using LogForge.Delivery.Environments;

namespace LogForge.Delivery.Smoke;

/// <summary>
/// What Smoke can check: every environment of deploy/env/policy.yaml, plus <c>local</c> — LogForge built
/// from this checkout and run on this machine with dev's rendered configuration.
/// </summary>
public static class SmokeEnvironments
{
    public const string Local = "local";

    /// <summary>The policy environment whose configuration a local run uses (and is checked against).</summary>
    public const string LocalConfiguration = "dev";

    /// <summary>local first, then the policy's environments in their order.</summary>
    public static IReadOnlyList<string> Names(EnvironmentPolicy policy) => [Local, .. policy.EnvironmentNames];

    public static bool IsKnown(EnvironmentPolicy policy, string name) => Names(policy).Contains(name, StringComparer.Ordinal);

    /// <summary>The policy environment <paramref name="name"/> is held to: itself, or dev for local.</summary>
    public static string PolicyEnvironment(string name) => name == Local ? LocalConfiguration : name;
}
