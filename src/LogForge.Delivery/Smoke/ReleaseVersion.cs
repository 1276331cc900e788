using System.Text.RegularExpressions;

namespace LogForge.Delivery.Smoke;

/// <summary>
/// A release version in either of its spellings: the git tag <c>v0.1.0</c> or the version the service
/// answers on /version and the image is tagged with, <c>0.1.0</c> (SemVer 2.0.0, optional pre-release and
/// build parts). Two spellings of the same version are equal.
/// </summary>
public sealed partial record ReleaseVersion
{
    private ReleaseVersion(string version) => Version = version;

    /// <summary>Without the leading v: what /version answers for this release.</summary>
    public string Version { get; }

    /// <summary>The git tag: v + <see cref="Version"/>.</summary>
    public string Tag => "v" + Version;

    public const string ExpectedForm = "a release version such as v0.1.0 or 0.1.0 (MAJOR.MINOR.PATCH, optional -pre-release)";

    public static bool TryParse(string? text, out ReleaseVersion version)
    {
        var match = text is null ? Match.Empty : Pattern().Match(text.Trim());
        version = new ReleaseVersion(match.Success ? match.Groups["version"].Value : "");
        return match.Success;
    }

    public static ReleaseVersion Parse(string text) =>
        TryParse(text, out var version) ? version : throw new FormatException($"'{text}' is not {ExpectedForm}");

    public override string ToString() => Version;

    // semver.org's pattern, with an optional leading v.
    [GeneratedRegex(@"^v?(?<version>(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-((0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(\.(0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(\+([0-9a-zA-Z-]+(\.[0-9a-zA-Z-]+)*))?)$")]
    private static partial Regex Pattern();
}
