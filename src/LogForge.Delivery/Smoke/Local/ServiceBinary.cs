namespace LogForge.Delivery.Smoke.Local;

/// <summary>The built service: LogForge.Api.dll, and whether this run had to compile it.</summary>
/// <param name="Reason">Why it was (or was not) compiled, for the log.</param>
public sealed record ServiceBinary(string AssemblyPath, bool Compiled, string Reason)
{
    public string Directory => Path.GetDirectoryName(AssemblyPath)!;
}
