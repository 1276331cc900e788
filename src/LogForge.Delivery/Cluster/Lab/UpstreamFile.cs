using LogForge.Delivery.Tools;

namespace LogForge.Delivery.Cluster.Lab;

/// <summary>A file the lab installs from upstream (Argo CD's install manifest, Strimzi's chart), pinned
/// in versions.env by URL and sha256; cached under .tools/lab/&lt;name&gt;.</summary>
public sealed record UpstreamFile(string Name, string Url, string Sha256, string DigestPin)
{
    public static UpstreamFile ArgoCdInstall(VersionPins pins) =>
        new($"argocd-{pins.ArgoCd}/install.yaml", pins.Get("ARGOCD_INSTALL_URL"), pins.Get("ARGOCD_INSTALL_SHA256"), "ARGOCD_INSTALL_SHA256");

    public static UpstreamFile StrimziChart(VersionPins pins) =>
        new($"strimzi-{pins.Strimzi}/{Path.GetFileName(new Uri(pins.Get("STRIMZI_CHART_URL")).AbsolutePath)}",
            pins.Get("STRIMZI_CHART_URL"), pins.Get("STRIMZI_CHART_SHA256"), "STRIMZI_CHART_SHA256");
}
