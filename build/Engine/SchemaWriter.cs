using System.Text.Json;
using System.Text.Json.Nodes;

namespace LogForge.Build.Engine;

/// <summary>.nuke/build.schema.json from the parameters, so editors complete .nuke/parameters*.json.</summary>
internal static class SchemaWriter
{
    public static string Generate(IReadOnlyList<BuildParameter> parameters)
    {
        var properties = new JsonObject { ["$schema"] = new JsonObject { ["type"] = "string" } };
        foreach (var parameter in parameters)
        {
            var property = TypeSchema(parameter.Type);
            property["description"] = parameter.Description;
            properties[parameter.Name] = property;
        }
        var schema = new JsonObject
        {
            ["$schema"] = "http://json-schema.org/draft-07/schema#",
            ["title"] = "Build parameters",
            ["type"] = "object",
            ["properties"] = properties,
            ["additionalProperties"] = false,
        };
        return schema.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }

    /// <summary>Writes the file only when its content changed; returns whether it wrote.</summary>
    public static bool WriteIfChanged(string path, IReadOnlyList<BuildParameter> parameters)
    {
        var content = Generate(parameters);
        if (File.Exists(path) && File.ReadAllText(path) == content) return false;
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, content);
        File.Move(temporary, path, overwrite: true);
        return true;
    }

    private static JsonObject TypeSchema(Type type)
    {
        var target = Nullable.GetUnderlyingType(type) ?? type;
        if (target.IsEnum)
            return new JsonObject { ["type"] = "string", ["enum"] = new JsonArray(Enum.GetNames(target).Select(n => (JsonNode)n).ToArray()) };
        if (target == typeof(bool)) return new JsonObject { ["type"] = "boolean" };
        if (target == typeof(int)) return new JsonObject { ["type"] = "integer" };
        if (target == typeof(string[])) return new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "string" } };
        if (target == typeof(TimeSpan))
            return new JsonObject { ["type"] = "string", ["pattern"] = @"^(\d+(\.\d+)?(ms|s|m|h)|\d+:\d{2}:\d{2})$" };
        return new JsonObject { ["type"] = "string" };
    }
}
