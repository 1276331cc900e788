using LogForge.Api.Archiving;
using LogForge.Api.Configuration;
using LogForge.Api.Metrics;
using LogForge.Api.Pipelines;
using LogForge.Api.Pipelines.Files;
using LogForge.Api.Pipelines.Kafka;
using LogForge.Api.Readiness;
using LogForge.Api.Security;
using LogForge.Api.Storage;
using Microsoft.Extensions.Options;
using Minio;

namespace LogForge.Api.Hosting;

/// <summary>Registers what a role needs; the pipeline (file or Kafka) is picked from the validated options.</summary>
public static class LogForgeServices
{
    public static WebApplicationBuilder AddLogForge(this WebApplicationBuilder builder, ServiceRole role)
    {
        var services = builder.Services;
        services.AddSingleton<IValidateOptions<LogForgeOptions>>(new LogForgeOptionsValidator(role));
        services.AddOptions<LogForgeOptions>().Bind(builder.Configuration.GetSection(LogForgeOptions.SectionName)).ValidateOnStart();
        services.AddSingleton(TimeProvider.System);
        services.AddProblemDetails();
        services.AddLogForgeLogging();

        services.AddSingleton(sp => MinioClients.Create(Options(sp)));
        services.AddSingleton(sp => new ReadinessProbe(ReadinessChecks(sp), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new MetricsRegistry(sp.GetRequiredService<IOptions<LogForgeOptions>>(), role));
        services.AddSingleton<HttpServerMetrics>();
        services.AddSingleton<ReadinessMetrics>();

        if (role == ServiceRole.Archiver)
        {
            services.AddSingleton<ArchiverMetrics>();
            services.AddHostedService<ArchiverService>();
            return builder;
        }

        services.AddSingleton<IValidateOptions<LogForgeOptions>, DataDirectoryValidator>();
        services.AddSingleton(sp => new ApiKeySet(ApiKeysSource.Load(Options(sp))));
        services.AddSingleton<ApiKeyEndpointFilter>();
        services.AddSingleton<IngestMetrics>();
        services.AddSingleton<FilePipelineMetrics>();
        services.AddSingleton<KafkaProducerMetrics>();
        services.AddSingleton<FileLogWriter>();
        services.AddSingleton<KafkaIngestPipeline>();
        services.AddSingleton<IIngestPipeline>(sp => Options(sp).UsesKafkaPipeline
            ? sp.GetRequiredService<KafkaIngestPipeline>()
            : sp.GetRequiredService<FileLogWriter>());
        services.AddSingleton<IHostedService>(sp => (IHostedService)sp.GetRequiredService<IIngestPipeline>());
        return builder;
    }

    private static LogForgeOptions Options(IServiceProvider services) =>
        services.GetRequiredService<IOptions<LogForgeOptions>>().Value;

    private static IReadOnlyList<IReadinessCheck> ReadinessChecks(IServiceProvider services)
    {
        var options = Options(services);
        if (!options.UsesKafkaPipeline)
        {
            return [new DataDirectoryCheck(Path.GetFullPath(options.DataDir))];
        }

        return [new KafkaTopicCheck(options), new MinioBucketCheck(services.GetRequiredService<IMinioClient>(), options)];
    }
}
