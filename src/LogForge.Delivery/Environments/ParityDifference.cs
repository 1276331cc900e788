namespace LogForge.Delivery.Environments;

/// <summary>One structural difference between two environments' rendered manifests.</summary>
public sealed record ParityDifference(string Kind, string Name, string Path, string Left, string Right, string LeftEnv, string RightEnv)
{
    /// <summary>Path used when a whole document exists in one environment only.</summary>
    public const string DocumentPath = "(document)";

    public override string ToString() => $"{Kind}/{Name}  {Path}  {LeftEnv}={Left}  {RightEnv}={Right}";
}
