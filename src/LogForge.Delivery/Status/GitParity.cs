namespace LogForge.Delivery.Status;

/// <summary>
/// Git's staging against production as the gate judges them: both rendered by helm from the revision Status read and compared by
/// <see cref="Environments.ParityCheck"/>. <see cref="Forbidden"/> lists each difference the parity policy does not allow (empty when
/// parity holds); <see cref="Detail"/> is the check's own summary (the allowed differences, counted by reason).
/// </summary>
public sealed record GitParity(string Left, string Right, IReadOnlyList<string> Forbidden, string Detail)
{
    public bool Holds => Forbidden.Count == 0;
}
