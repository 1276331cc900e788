using LogForge.Testing;
using System.Text.Json;

namespace LogForge.Delivery.Tests.Environments;

/// <summary>values.schema.json works offline and rejects unknown keys.</summary>
public sealed class ValuesSchemaTests
{
    private static readonly JsonDocument Schema = JsonDocument.Parse(
        File.ReadAllText(Path.Combine(RepositoryRoot.Path, "deploy", "helm", "logforge", "values.schema.json")));

    [Fact]
    public void Every_ref_is_local_so_rendering_needs_no_network()
    {
        var refs = new List<string>();
        CollectRefs(Schema.RootElement, refs);

        Assert.NotEmpty(refs);
        Assert.All(refs, r => Assert.StartsWith("#/", r));
    }

    [Fact]
    public void Unknown_top_level_keys_are_rejected()
    {
        Assert.False(Schema.RootElement.GetProperty("additionalProperties").GetBoolean());
    }

    private static void CollectRefs(JsonElement element, List<string> refs)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in element.EnumerateObject())
            {
                if (property.Name == "$ref")
                    refs.Add(property.Value.GetString()!);
                CollectRefs(property.Value, refs);
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
                CollectRefs(item, refs);
        }
    }
}
