using LogForge.Delivery.Smoke.Local;
using LogForge.Testing;

namespace LogForge.Delivery.Tests.Support;

/// <summary>LogForge.Api built from this checkout (Debug, compiled by the same code the Smoke target uses when it is out of date).</summary>
public sealed class ServiceBinaryFixture : IAsyncLifetime
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static ServiceBinary? _shared;

    public ServiceBinary Service { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Gate.WaitAsync();
        try
        {
            _shared ??= await new ServiceBuild(RepositoryRoot.Path, "Debug").EnsureBuiltAsync();
            Service = _shared;
        }
        finally
        {
            Gate.Release();
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;
}
