using LogForge.Api.Configuration;
using LogForge.Api.Endpoints;

namespace LogForge.Api.Hosting;

/// <summary>The HTTP pipeline: problem+json for errors, request logging, the endpoints of the role.</summary>
public static class LogForgeApp
{
    public static WebApplication UseLogForge(this WebApplication app, ServiceRole role)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseLogForgeRequestLogging();
        app.MapHealthApi();
        if (role == ServiceRole.Api)
        {
            app.MapLogsApi();
        }

        return app;
    }
}
