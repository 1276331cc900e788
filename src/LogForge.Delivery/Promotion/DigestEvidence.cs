using LogForge.Delivery.Checks;
using LogForge.Delivery.Cluster;
using LogForge.Delivery.Environments;
using LogForge.Delivery.Registry;
using LogForge.Delivery.Versions;

namespace LogForge.Delivery.Promotion;

/// <summary>
/// Promote's three digest checks, rows of the gate's table and the pull request's evidence: every Ready staging pod runs the digest
/// staging's values pin (<c>imageID</c> ends in <c>@&lt;digest&gt;</c>); the registry still maps the tag to it (a moved tag is refused,
/// naming both digests); the production pull request pins the same digest. Without a digest in staging's values (released by hand
/// without --image-digest) the first two are skipped with that reason and production pins the tag alone.
/// </summary>
internal static class DigestEvidence
{
    public const string PodsCheck = "staging pods run the digest";
    public const string RegistryCheck = "registry maps the tag to the digest";
    public const string PinnedCheck = "pull request pins the digest";

    public static CheckResult StagingPods(ImagePin staging, string repository, IReadOnlyList<RunningImage>? images)
    {
        if (staging.Digest is not { } digest) return CheckResult.Skip(PodsCheck, NoDigest);
        if (images is null) return CheckResult.Skip(PodsCheck, "no cluster was configured for this run");
        var ours = images.Where(i => ImageReference.Repository(i.Image) == repository).ToList();
        if (ours.Count == 0) return CheckResult.Fail(PodsCheck, $"no Ready staging pod runs {repository}");
        var problems = ours.Where(i => i.Digest != digest)
            .Select(i => $"pod {i.Pod} container {i.Container} runs {(i.Digest is null ? "an image not pulled yet" : Short(i.Digest))}, not {Short(digest)}")
            .ToList();
        return CheckResult.FromProblems(PodsCheck, problems, $"{ours.Count} containers of {ours.Select(i => i.Pod).Distinct().Count()} Ready pods " +
            $"run {digest}");
    }

    public static async Task<CheckResult> RegistryAsync(ImagePin staging, string repository, IImageRegistry? registry, CancellationToken ct)
    {
        if (staging.Digest is not { } digest) return CheckResult.Skip(RegistryCheck, NoDigest);
        if (registry is null) return CheckResult.Skip(RegistryCheck, "no registry was configured for this run");
        try
        {
            var where = $"{registry.Describe(repository)}:{staging.Tag}";
            var now = await registry.DigestOfAsync(repository, staging.Tag, ct);
            return now == digest
                ? CheckResult.Pass(RegistryCheck, $"{where} is {digest}")
                : CheckResult.Fail(RegistryCheck, $"the tag moved: {where} is {now} now, but staging verified {digest} — release again " +
                    "(a new version) rather than promote a re-pushed tag");
        }
        catch (RegistryException e)
        {
            return CheckResult.Fail(RegistryCheck, e.Message);
        }
    }

    /// <summary>Production's values in the pull request's tree pin <paramref name="pin"/>'s digest (and no other); <paramref name="noDigest"/>:
    /// why there is none, when the pin has none.</summary>
    public static CheckResult PinnedInPullRequest(string tree, string productionFile, ImagePin pin, string noDigest = NoDigest)
    {
        ImagePin written;
        try
        {
            written = ImageTagEdit.ReadPin(Path.Combine(tree, productionFile), productionFile);
        }
        catch (ImageTagEditException e)
        {
            return CheckResult.Fail(PinnedCheck, e.Message);
        }
        if (pin.Digest is null)
            return written.Digest is null
                ? CheckResult.Skip(PinnedCheck, $"{noDigest}; {productionFile} pins the tag {written.Tag} alone")
                : CheckResult.Fail(PinnedCheck, $"{productionFile} pins {written.Digest}, but there is no digest to promote");
        return written == pin
            ? CheckResult.Pass(PinnedCheck, $"{productionFile} pins {pin.Tag}@{pin.Digest}")
            : CheckResult.Fail(PinnedCheck, $"{productionFile} pins {written}, not {pin}");
    }

    public const string NoDigest = "staging's values pin no image.digest (released without --image-digest)";

    private static string Short(string digest) => ImagePin.ShortDigest(digest);
}
