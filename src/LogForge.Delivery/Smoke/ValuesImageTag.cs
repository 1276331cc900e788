using LogForge.Delivery.Environments;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace LogForge.Delivery.Smoke;

/// <summary>The image tag an environment deploys: <c>image.tag</c> in its values file (deploy/env/&lt;env&gt;/values.yaml).</summary>
public static class ValuesImageTag
{
    public static string Read(string repoRoot, string valuesFile)
    {
        var path = Path.Combine(repoRoot, valuesFile);
        if (!File.Exists(path))
            throw new InvalidDataException($"{valuesFile} not found");
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(File.ReadAllText(path)));
        }
        catch (YamlException e)
        {
            throw new InvalidDataException($"{valuesFile}: {e.Message}", e);
        }
        var tag = stream.Documents.Count == 1 ? stream.Documents[0].RootNode.ScalarAt("image", "tag") : null;
        return string.IsNullOrWhiteSpace(tag)
            ? throw new InvalidDataException($"{valuesFile} sets no image.tag — set the tag the environment deploys")
            : tag;
    }
}
