using LogForge.Delivery.Versions;

namespace LogForge.Delivery.Smoke;

/// <summary>What a smoke run is asked to do.</summary>
/// <param name="ExpectedVersion">The version /version must answer; null: the environment's image tag in its values file.</param>
/// <param name="WaitTimeout">How long GET /ready is retried (and, locally, how long LogForge may take to listen).</param>
/// <param name="MaskSecret">Called with every secret (the API key) before it is used, so the caller can mask it in all it writes.</param>
public sealed record SmokeRequest(ReleaseVersion? ExpectedVersion, TimeSpan WaitTimeout, Action<string>? MaskSecret = null);
