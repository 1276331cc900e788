namespace LogForge.Testing.Http;

/// <summary>
/// A request a test server keeps waiting until the test lets it go: <see cref="Reached"/> completes when the server
/// starts holding it (the code under test is now waiting on it: cancel the build there), <see cref="Abandoned"/> when
/// the client gave up on it (the connection was aborted while it was held) and the server has logged it, <see cref="Release"/>
/// lets it be answered.
/// Held before serving, nothing of the request is done yet; held after serving, the write is done and only its answer waits.
/// </summary>
public sealed class HeldRequest(string description)
{
    private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _abandoned = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>"PUT /logforge-production", "patch secrets in dev named ghcr-pull": for messages.</summary>
    public string Description { get; } = description;

    /// <summary>Completes when the server holds the request.</summary>
    public Task Reached => _reached.Task;

    /// <summary>Completes when the client aborted the request while it was held, after the server logged it: a test that awaits
    /// this finds the request in the server's request list.</summary>
    public Task Abandoned => _abandoned.Task;

    public void Release() => _released.TrySetResult();

    /// <summary>Called by the server: waits until released; when the client aborts first, runs <paramref name="logAbandoned"/>
    /// (the server's entry in its request list), then completes <see cref="Abandoned"/> and throws OperationCanceledException.</summary>
    public async Task HoldAsync(CancellationToken requestAborted, Action logAbandoned)
    {
        _reached.TrySetResult();
        try
        {
            await _released.Task.WaitAsync(requestAborted);
        }
        catch (OperationCanceledException)
        {
            logAbandoned();
            _abandoned.TrySetResult();
            throw;
        }
    }

    public override string ToString() => Description;
}
