using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;

namespace LogForge.Api.Tests.Infrastructure;

/// <summary>The service in-process with the given settings (TestServer by default, or real Kestrel via UseKestrel).</summary>
public sealed class LogForgeFactory(IReadOnlyDictionary<string, string?> settings) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder) =>
        builder.ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(settings));
}
