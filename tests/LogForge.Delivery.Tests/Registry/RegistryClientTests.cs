using LogForge.Delivery.Registry;
using LogForge.Delivery.Resilience;
using LogForge.Testing.Registry;

namespace LogForge.Delivery.Tests.Registry;

/// <summary>The tag → digest lookup against a real OCI registry (distribution 2.8): anonymous, and behind the token authentication GHCR
/// uses — a public image with an anonymous token, a private one with --registry-token, refused without it; a missing tag; a moved tag.</summary>
public sealed class RegistryClientTests : IAsyncLifetime
{
    private const string Name = "logforge-dev/logforge";
    private RegistryTokenService _tokens = null!;
    private DistributionRegistry _open = null!;
    private DistributionRegistry _guarded = null!;
    private readonly List<string> _secrets = [];

    public async Task InitializeAsync()
    {
        _tokens = await RegistryTokenService.StartAsync();
        _open = await DistributionRegistry.StartAsync();
        _guarded = await DistributionRegistry.StartAsync(_tokens);
    }

    public async Task DisposeAsync()
    {
        await _guarded.DisposeAsync();
        await _open.DisposeAsync();
        await _tokens.DisposeAsync();
    }

    private Task<string> ResolveAsync(DistributionRegistry registry, string tag, RegistryCredentials? credentials = null)
    {
        var http = ServicePolicies.RegistryHttpClient(RetryBudget.For(TimeSpan.FromSeconds(5)), TimeSpan.FromSeconds(30));
        return new OciRegistry(new RegistryClient(http, credentials, _secrets.Add), registry.Url.ToString()).DigestOfAsync($"ghcr.io/{Name}", tag, default);
    }

    [Fact]
    public async Task An_open_registry_answers_the_digest_of_the_tag()
    {
        var pushed = await _open.PushAsync(Name, "0.2.0", "layer of 0.2.0");

        Assert.Equal(pushed, await ResolveAsync(_open, "0.2.0"));
        Assert.Empty(_secrets);
    }

    [Fact]
    public async Task A_public_image_behind_token_auth_is_read_with_an_anonymous_pull_token()
    {
        _tokens.Public.Add(Name);
        var pushed = await _guarded.PushAsync(Name, "0.2.0", "layer of 0.2.0");

        Assert.Equal(pushed, await ResolveAsync(_guarded, "0.2.0"));
        Assert.Equal([($"repository:{Name}:pull", false)], _tokens.Requests);
        Assert.Single(_secrets); // the pull token, for the build's masker
    }

    [Fact]
    public async Task A_private_image_needs_the_registry_token_and_is_read_with_it()
    {
        var pushed = await _guarded.PushAsync(Name, "0.2.0", "layer of 0.2.0");

        var refused = await Assert.ThrowsAsync<RegistryException>(() => ResolveAsync(_guarded, "0.2.0"));
        Assert.Equal("a private image needs --registry-token (a token with read:packages)", refused.Fix);
        Assert.Contains($"token service refused a pull token for {Name} (401)", refused.What);

        var credentials = new RegistryCredentials(RegistryTokenService.User, RegistryTokenService.Password);
        Assert.Equal(pushed, await ResolveAsync(_guarded, "0.2.0", credentials));
        Assert.Equal((false, true), (_tokens.Requests[0].Authenticated, _tokens.Requests[1].Authenticated));
    }

    [Fact]
    public async Task A_missing_tag_is_one_line_naming_the_image_and_the_tag()
    {
        await _open.PushAsync(Name, "0.1.0", "layer of 0.1.0");

        var missing = await Assert.ThrowsAsync<RegistryException>(() => ResolveAsync(_open, "0.9.9"));

        Assert.Equal($"http://127.0.0.1:{_open.Url.Port}/{Name} has no tag 0.9.9 (HEAD /v2/{Name}/manifests/0.9.9 → 404)", missing.What);
    }

    [Fact]
    public async Task A_tag_pushed_again_answers_the_new_digest()
    {
        var first = await _open.PushAsync(Name, "0.2.0", "first build");
        var second = await _open.PushAsync(Name, "0.2.0", "second build");

        Assert.NotEqual(first, second);
        Assert.Equal(second, await ResolveAsync(_open, "0.2.0"));
    }
}
