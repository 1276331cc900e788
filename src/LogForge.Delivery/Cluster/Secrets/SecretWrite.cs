namespace LogForge.Delivery.Cluster.Secrets;

public enum SecretOutcome { Created, Updated, Unchanged }

/// <summary>What Secrets did to one secret: its keys are named, never its values.</summary>
public sealed record SecretWrite(string Namespace, string Name, string Type, SecretOutcome Outcome, IReadOnlyList<string> Keys);
