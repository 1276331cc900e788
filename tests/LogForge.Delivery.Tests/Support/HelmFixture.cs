using LogForge.Testing;
using LogForge.Delivery.Tools;

namespace LogForge.Delivery.Tests.Support;

/// <summary>Real helm of the pinned version, resolved once per test run (installed into &lt;repo&gt;/.tools if needed).</summary>
public sealed class HelmFixture : IAsyncLifetime
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static HelmTool? _shared;

    public HelmTool Helm { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Gate.WaitAsync();
        try
        {
            _shared ??= await new HelmResolver(RepositoryRoot.Path).ResolveAsync();
            Helm = _shared;
        }
        finally
        {
            Gate.Release();
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;
}
