using System.Reflection;

namespace LogForge.Build.Engine;

/// <summary>One [Parameter] member of the build class, with where its current value came from.</summary>
internal sealed class BuildParameter
{
    private readonly MemberInfo _member;

    public BuildParameter(MemberInfo member, ParameterAttribute attribute, string? environmentPrefix)
    {
        _member = member;
        Name = member.Name;
        Description = attribute.Description;
        IsSecret = member.GetCustomAttribute<SecretAttribute>() is not null;
        Type = member switch
        {
            FieldInfo field => field.FieldType,
            PropertyInfo property => property.PropertyType,
            _ => throw new ArgumentException("A parameter must be a field or a property.", nameof(member)),
        };
        Option = "--" + ParameterNames.Kebab(Name);
        var snake = ParameterNames.ScreamingSnake(Name);
        EnvironmentVariables = environmentPrefix is null ? [snake]
            : attribute.PrefixedEnvironmentOnly ? [$"{environmentPrefix}_{snake}"]
            : [snake, $"{environmentPrefix}_{snake}"];
    }

    public string Name { get; }
    public string Description { get; }
    public bool IsSecret { get; }
    public Type Type { get; }
    public string Option { get; }
    public IReadOnlyList<string> EnvironmentVariables { get; }
    public string Source { get; set; } = "default";

    public object? GetValue(object build) => _member switch
    {
        FieldInfo field => field.GetValue(build),
        PropertyInfo property => property.GetValue(build),
        _ => null,
    };

    public void SetValue(object build, object? value)
    {
        switch (_member)
        {
            case FieldInfo field: field.SetValue(build, value); break;
            case PropertyInfo property: property.SetValue(build, value); break;
        }
    }

    public bool HasValue(object build) => GetValue(build) switch
    {
        null => false,
        string text => text.Length > 0,
        string[] list => list.Length > 0,
        _ => true,
    };

    public string DisplayValue(object build)
    {
        if (!HasValue(build)) return "(not set)";
        var value = IsSecret ? SecretMasker.Mask : ParameterConverter.Format(GetValue(build));
        return $"{value} (from {Source})";
    }

    public string HowToSet(string fileHint) =>
        $"{Option} <value>, environment {string.Join(" or ", EnvironmentVariables)}, or \"{Name}\" in {fileHint}";
}
