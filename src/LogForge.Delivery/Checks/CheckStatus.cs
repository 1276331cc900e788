namespace LogForge.Delivery.Checks;

public enum CheckStatus
{
    Passed,
    Failed,
    Skipped,
}
