namespace LogForge.Delivery.Registry;

/// <summary>The registry could not answer what was asked: <see cref="What"/> happened; <see cref="Fix"/> says what to do.</summary>
public sealed class RegistryException(string what, string fix, Exception? inner = null) : Exception($"{what} — {fix}", inner)
{
    public string What { get; } = what;
    public string Fix { get; } = fix;
}
