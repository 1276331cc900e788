using LogForge.Api.Pipelines.Files;

namespace LogForge.Api.Readiness;

/// <summary>v1: the data directory exists and a real write (with fsync) into it succeeds.</summary>
public sealed class DataDirectoryCheck(string directory) : IReadinessCheck
{
    public string Name => "data-directory";

    public async Task<string?> ProblemAsync(CancellationToken cancellationToken)
    {
        if (!Directory.Exists(directory))
        {
            return $"{directory} does not exist";
        }

        var probe = Path.Combine(directory, $".ready-{Environment.ProcessId}.probe");
        try
        {
            await using (var stream = new FileStream(probe, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0))
            {
                await stream.WriteAsync("ready\n"u8.ToArray(), cancellationToken);
                DurableFiles.Sync(stream);
            }

            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return $"cannot write to {directory}: {ex.Message}";
        }
        finally
        {
            try
            {
                File.Delete(probe);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Nothing was written, or the directory went away: the check above already says so.
            }
        }
    }
}
