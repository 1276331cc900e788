using LogForge.Delivery.GitHub;
using LogForge.Delivery.Versions;

namespace LogForge.Delivery.Release;

/// <summary>The names a release of one version uses: branch, commit message, pull request title, image.</summary>
public static class ReleaseNames
{
    /// <summary>The image name release.yml pushes: <c>ghcr.io/&lt;owner, lower case&gt;/logforge</c>.</summary>
    public static string ImageRepositoryFor(GitHubRepository repository) => $"ghcr.io/{repository.Owner.ToLowerInvariant()}/logforge";

    public static string Branch(ReleaseVersion version) => $"release/{version.GitTag}";

    public static string CommitMessage(ReleaseVersion version) => $"release: {version.GitTag} to dev and staging";

    public static string Title(ReleaseVersion version) => $"Release {version.GitTag} to dev and staging";

    /// <summary>The branch Promote opens its pull request from (issue 10).</summary>
    public static string PromotionBranch(ReleaseVersion version) => $"promote/production-{version.GitTag}";
}
