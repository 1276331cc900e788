using Microsoft.Extensions.Options;

namespace LogForge.Api.Configuration;

/// <summary>
/// Pipeline 1: creates the data directory at start (if missing). One that cannot be created is an
/// invalid configuration like any other — one line and exit code 2 — rather than a crash when the
/// file writer starts.
/// </summary>
public sealed class DataDirectoryValidator : IValidateOptions<LogForgeOptions>
{
    public ValidateOptionsResult Validate(string? name, LogForgeOptions o)
    {
        if (o.PipelineVersion != 1 || string.IsNullOrWhiteSpace(o.DataDir))
        {
            return ValidateOptionsResult.Success;
        }

        try
        {
            Directory.CreateDirectory(o.DataDir);
            return ValidateOptionsResult.Success;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return ValidateOptionsResult.Fail($"LOGFORGE_DATA_DIR={o.DataDir} cannot be created: {ex.Message}");
        }
    }
}
