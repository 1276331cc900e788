using System.Text;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace LogForge.Delivery.Environments;

/// <summary>
/// The limits the API server enforces on labels and annotations, which `helm template` does not:
/// a manifest that renders can still be refused at apply time. Follows k8s.io/apimachinery
/// pkg/api/validation/objectmeta.go (ValidateAnnotations: total size of keys and values ≤ 256 KiB)
/// and pkg/util/validation/validation.go (IsQualifiedName for keys, IsValidLabelValue for values).
/// Checked on every object's metadata and on pod templates (spec.template.metadata).
/// </summary>
public static partial class MetadataLimits
{
    public const int TotalAnnotationBytes = 256 * 1024;
    public const int LabelValueLength = 63;
    public const int QualifiedNameLength = 63;
    public const int PrefixLength = 253;

    public static IEnumerable<string> Problems(ManifestDocument document)
    {
        foreach (var (where, metadata) in MetadataOf(document))
        {
            foreach (var problem in LabelProblems(metadata.At("labels")))
                yield return $"{document.Id}: {where}.labels {problem}";
            foreach (var problem in AnnotationProblems(metadata.At("annotations")))
                yield return $"{document.Id}: {where}.annotations {problem}";
        }
    }

    private static IEnumerable<(string Where, YamlNode Metadata)> MetadataOf(ManifestDocument document)
    {
        if (document.At("metadata") is { } metadata) yield return ("metadata", metadata);
        if (document.At("spec", "template", "metadata") is { } template) yield return ("spec.template.metadata", template);
    }

    private static IEnumerable<string> LabelProblems(YamlNode? labels)
    {
        foreach (var (key, value) in labels.Entries())
        {
            if (KeyProblem(key) is { } keyProblem) yield return keyProblem;
            var text = (value as YamlScalarNode)?.Value ?? "";
            if (text.Length > LabelValueLength)
                yield return $"'{Short(key)}' has a value of {text.Length} characters; the API server allows {LabelValueLength}";
            else if (!LabelValue().IsMatch(text))
                yield return $"'{Short(key)}' has the value '{Short(text)}', " +
                    "which is not a valid label value (alphanumerics, '-', '_', '.'; alphanumeric at both ends)";
        }
    }

    private static IEnumerable<string> AnnotationProblems(YamlNode? annotations)
    {
        long total = 0;
        foreach (var (key, value) in annotations.Entries())
        {
            if (KeyProblem(key) is { } keyProblem) yield return keyProblem;
            total += Encoding.UTF8.GetByteCount(key) + Encoding.UTF8.GetByteCount((value as YamlScalarNode)?.Value ?? "");
        }
        if (total > TotalAnnotationBytes)
            yield return $"total {total} bytes; the API server allows {TotalAnnotationBytes} (256 KiB) — keep large data out of annotations";
    }

    /// <summary>A qualified name: optional DNS-subdomain prefix (≤ 253) and '/', then a name of ≤ 63 characters.</summary>
    private static string? KeyProblem(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        var (prefix, name) = slash < 0 ? (null, key) : (key[..slash], key[(slash + 1)..]);
        if (prefix is not null && (prefix.Length == 0 || prefix.Length > PrefixLength || !Subdomain().IsMatch(prefix)))
            return $"key '{Short(key)}' has a prefix that is not a DNS subdomain of at most {PrefixLength} characters";
        if (name.Length == 0 || name.Length > QualifiedNameLength || !QualifiedName().IsMatch(name))
            return $"key '{Short(key)}' is not a qualified name (at most {QualifiedNameLength} alphanumerics, '-', '_', '.'; alphanumeric at both ends)";
        return null;
    }

    private static string Short(string text) => text.Length <= 80 ? text : text[..79] + "…";

    [GeneratedRegex("^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$")]
    private static partial Regex QualifiedName();

    [GeneratedRegex("^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$")]
    private static partial Regex LabelValue();

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex Subdomain();
}
