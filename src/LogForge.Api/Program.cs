using LogForge.Api.Configuration;
using LogForge.Api.Hosting;
using Microsoft.Extensions.Options;

// dotnet LogForge.Api.dll [--role api|archiver]; settings: docs/configuration.md.
var builder = WebApplication.CreateBuilder(args);
builder.Configuration.AddLogForgeEnvironmentVariables();
if (!ServiceRoles.TryParse(builder.Configuration["role"], out var role))
{
    await Console.Error.WriteLineAsync($"✗ LogForge: unknown role '{builder.Configuration["role"]}' — use --role api or --role archiver");
    return 2;
}

builder.AddLogForge(role);
var app = builder.Build();
try
{
    // Validates the options here so a bad configuration ends the process with exactly one line.
    _ = app.Services.GetRequiredService<IOptions<LogForgeOptions>>().Value;
}
catch (OptionsValidationException ex)
{
    await Console.Error.WriteLineAsync($"✗ LogForge: invalid configuration — {string.Join("; ", ex.Failures)}");
    return 2;
}

app.UseLogForge(role);
await app.RunAsync();
return 0;

public partial class Program;
