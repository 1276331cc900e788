namespace LogForge.Api.Pipelines.Files;

/// <summary>The file writer's log lines and its queued request.</summary>
public sealed partial class FileLogWriter
{
    [LoggerMessage(Level = LogLevel.Information, Message = "File pipeline writing to {DataDir} (fsync {Fsync}, rotate past {MaxBytes} bytes)")]
    private partial void LogStarted(string dataDir, string fsync, long maxBytes);

    [LoggerMessage(Level = LogLevel.Error, Message = "Writing to {DataDir} failed; requests get 503 until a write succeeds")]
    private partial void LogWriteFailed(Exception exception, string dataDir);

    [LoggerMessage(Level = LogLevel.Information, Message = "Writing to {DataDir} works again, after {RefusedGroups} refused group(s)")]
    private partial void LogWritingAgain(string dataDir, int refusedGroups);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "{Path} was deleted or moved away while open; its last group was taken back out and is written to a file at that path")]
    private partial void LogSegmentGone(string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cut {Bytes} bytes of a torn last line (a crash mid-write) from {Path}")]
    private partial void LogTornLineCut(long bytes, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not check the segments in {DataDir} for torn last lines: {Reason}")]
    private partial void LogTornLinesNotChecked(string dataDir, string reason);

    private sealed class PendingWrite(ReadOnlyMemory<byte> data)
    {
        public ReadOnlyMemory<byte> Data { get; } = data;

        public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
