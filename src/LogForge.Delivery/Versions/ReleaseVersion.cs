using System.Text.RegularExpressions;

namespace LogForge.Delivery.Versions;

/// <summary>
/// A release version, and the one mapping every part of delivery uses (Release, Promote, Rollback,
/// Smoke's /version check, the workflows): the git tag is <c>v0.1.0</c>; the image tag, the
/// <c>image.tag</c> in the values files and what <c>/version</c> answers are <c>0.1.0</c>.
/// Accepted input: <c>vMAJOR.MINOR.PATCH[-prerelease]</c> or the same without the <c>v</c>
/// (SemVer 2.0.0 core and pre-release; no build metadata, since <c>+</c> is not allowed in an image tag).
/// </summary>
public sealed partial record ReleaseVersion : IComparable<ReleaseVersion>
{
    public const string ExpectedForm = "vMAJOR.MINOR.PATCH[-prerelease], e.g. v0.1.0 or v1.2.0-rc.1 (the v is optional)";

    private ReleaseVersion(int major, int minor, int patch, string? prerelease)
    {
        Major = major;
        Minor = minor;
        Patch = patch;
        Prerelease = prerelease;
    }

    public int Major { get; }
    public int Minor { get; }
    public int Patch { get; }
    /// <summary>The pre-release identifiers after the '-', or null.</summary>
    public string? Prerelease { get; }

    /// <summary>The git tag: <c>v0.1.0</c>.</summary>
    public string GitTag => "v" + ImageTag;

    /// <summary>The image tag, the values files' <c>image.tag</c> and the service's <c>/version</c>: <c>0.1.0</c>.</summary>
    public string ImageTag => $"{Major}.{Minor}.{Patch}{(Prerelease is null ? "" : "-" + Prerelease)}";

    /// <summary>What <c>GET /version</c> answers for this release (the same text as the image tag).</summary>
    public string ServiceVersion => ImageTag;

    public override string ToString() => GitTag;

    /// <summary>Parses a tag, an image tag or a /version answer; null with the reason when it is not a version.</summary>
    public static bool TryParse(string? text, out ReleaseVersion? version, out string problem)
    {
        version = null;
        var trimmed = text?.Trim() ?? "";
        var match = Form().Match(trimmed);
        if (!match.Success)
        {
            problem = trimmed.Length == 0
                ? $"no version given; expected {ExpectedForm}"
                : $"'{text}' is not a release version; expected {ExpectedForm}";
            return false;
        }
        if (!int.TryParse(match.Groups["major"].Value, out var major) || !int.TryParse(match.Groups["minor"].Value, out var minor)
            || !int.TryParse(match.Groups["patch"].Value, out var patch))
        {
            problem = $"'{text}' has a version number too large; expected {ExpectedForm}";
            return false;
        }
        var prerelease = match.Groups["pre"].Success ? match.Groups["pre"].Value : null;
        if (prerelease is not null && prerelease.Split('.').Any(id => id.Length > 1 && id[0] == '0' && id.All(char.IsAsciiDigit)))
        {
            problem = $"'{text}': a numeric pre-release identifier has a leading zero (SemVer forbids it); expected {ExpectedForm}";
            return false;
        }
        version = new ReleaseVersion(major, minor, patch, prerelease);
        problem = "";
        return true;
    }

    /// <summary>Parses or throws <see cref="FormatException"/> naming the expected form.</summary>
    public static ReleaseVersion Parse(string? text) =>
        TryParse(text, out var version, out var problem) ? version! : throw new FormatException(problem);

    /// <summary>SemVer precedence: 0.9.0 &lt; 0.10.0; 1.0.0-rc.1 &lt; 1.0.0.</summary>
    public int CompareTo(ReleaseVersion? other)
    {
        if (other is null) return 1;
        var core = (Major, Minor, Patch).CompareTo((other.Major, other.Minor, other.Patch));
        if (core != 0) return core;
        if (Prerelease == other.Prerelease) return 0;
        if (Prerelease is null) return 1;
        if (other.Prerelease is null) return -1;
        var mine = Prerelease.Split('.');
        var theirs = other.Prerelease.Split('.');
        for (var i = 0; i < Math.Min(mine.Length, theirs.Length); i++)
        {
            var compared = CompareIdentifier(mine[i], theirs[i]);
            if (compared != 0) return compared;
        }
        return mine.Length.CompareTo(theirs.Length);
    }

    private static int CompareIdentifier(string left, string right)
    {
        var leftNumeric = left.All(char.IsAsciiDigit);
        var rightNumeric = right.All(char.IsAsciiDigit);
        if (leftNumeric && rightNumeric)
            return left.Length != right.Length ? left.Length.CompareTo(right.Length) : string.CompareOrdinal(left, right);
        if (leftNumeric) return -1;
        if (rightNumeric) return 1;
        return string.CompareOrdinal(left, right);
    }

    [GeneratedRegex(@"^v?(?<major>0|[1-9][0-9]*)\.(?<minor>0|[1-9][0-9]*)\.(?<patch>0|[1-9][0-9]*)(?:-(?<pre>[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?$")]
    private static partial Regex Form();
}
