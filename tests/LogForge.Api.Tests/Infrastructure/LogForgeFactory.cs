using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LogForge.Api.Tests.Infrastructure;

/// <summary>The service in-process with the given settings (TestServer by default, or real Kestrel via UseKestrel);
/// <paramref name="time"/>, when given, is its clock instead of the system's.</summary>
public sealed class LogForgeFactory(IReadOnlyDictionary<string, string?> settings, TimeProvider? time = null) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(settings));
        if (time is not null)
            builder.ConfigureTestServices(services => services.AddSingleton(time));
    }
}
