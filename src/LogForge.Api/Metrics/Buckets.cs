namespace LogForge.Api.Metrics;

/// <summary>Histogram bucket bounds, in seconds (or a count), chosen for what each histogram measures here.</summary>
public static class Buckets
{
    /// <summary>A request: 0.5 ms (a batch in memory) to 10 s (a slow disk or broker).</summary>
    public static readonly double[] RequestSeconds = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    /// <summary>One fsync: 50 µs (a fast SSD's cache) to 2.5 s (a failing disk).</summary>
    public static readonly double[] FsyncSeconds = [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 2.5];

    /// <summary>A produce until its last delivery report: up to the 15 s delivery timeout (KafkaConfigs).</summary>
    public static readonly double[] ProduceSeconds = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15];

    /// <summary>Requests in one group commit: 1 to the group's limit of 4096.</summary>
    public static readonly double[] GroupRequests = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096];
}
