using System.Reflection;

namespace LogForge.Build.Engine;

/// <summary>Finds the [Parameter] members and fills them: command line, then environment, then
/// profile files, then .nuke/parameters.json, then the member's own default.</summary>
internal static class ParameterBinder
{
    public static List<BuildParameter> Discover(Type buildType, string? environmentPrefix)
    {
        const BindingFlags flags = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;
        var members = new List<MemberInfo>();
        for (var type = buildType; type is not null && type != typeof(object); type = type.BaseType)
            members.AddRange(type.GetFields(flags | BindingFlags.DeclaredOnly).Cast<MemberInfo>()
                .Concat(type.GetProperties(flags | BindingFlags.DeclaredOnly)));
        return members
            .Select(m => (Member: m, Attribute: m.GetCustomAttribute<ParameterAttribute>()))
            .Where(x => x.Attribute is not null)
            .Select(x => new BuildParameter(x.Member, x.Attribute!, environmentPrefix))
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ToList();
    }

    public static void Bind(object build, IReadOnlyList<BuildParameter> parameters, CommandLine line,
        IReadOnlyDictionary<string, string> environment, ParameterFiles files, string baseDirectory)
    {
        RejectUnknownOptions(parameters, line);
        RejectUnknownFileKeys(parameters, files);

        foreach (var parameter in parameters)
        {
            if (line.Options.TryGetValue(parameter.Option[2..], out var values))
            {
                parameter.SetValue(build, FromCommandLine(parameter, values, baseDirectory));
                parameter.Source = "command line";
            }
            else if (parameter.EnvironmentVariables.FirstOrDefault(n => environment.TryGetValue(n, out var v) && v.Length > 0) is { } variable)
            {
                parameter.SetValue(build, ParameterConverter.Convert(environment[variable], parameter.Type, variable, baseDirectory, parameter.IsSecret));
                parameter.Source = "environment " + variable;
            }
            else if (files.TryGet(parameter.Name, out var raw, out var file))
            {
                parameter.SetValue(build, ParameterConverter.Convert(raw, parameter.Type, $"{parameter.Name} in {file}", baseDirectory, parameter.IsSecret));
                parameter.Source = file;
            }
        }
    }

    /// <summary>Every text given for the parameter, from every source, before any of it is converted:
    /// a secret's values are registered for masking from these, so no later message can show one.</summary>
    public static IEnumerable<string> RawValues(BuildParameter parameter, CommandLine line,
        IReadOnlyDictionary<string, string> environment, ParameterFiles files)
    {
        if (line.Options.TryGetValue(parameter.Option[2..], out var values))
            foreach (var value in values) yield return value;
        foreach (var variable in parameter.EnvironmentVariables)
            if (environment.TryGetValue(variable, out var value)) yield return value;
        foreach (var value in files.AllValues(parameter.Name)) yield return value;
    }

    private static object? FromCommandLine(BuildParameter parameter, List<string> values, string baseDirectory)
    {
        var isList = parameter.Type == typeof(string[]);
        var isFlag = (Nullable.GetUnderlyingType(parameter.Type) ?? parameter.Type) == typeof(bool);
        if (isList) return values.SelectMany(ParameterConverter.SplitList).ToArray();
        if (values.Count == 0 && isFlag) return true;
        if (values.Count == 0)
            throw new BuildUsageException($"{parameter.Option} needs a value — pass {parameter.Option} <{ParameterConverter.TypeName(parameter.Type)}>.");
        if (values.Count > 1)
        {
            var shown = parameter.IsSecret ? "" : $" ({string.Join(" ", values)})";
            throw new BuildUsageException($"{parameter.Option} takes one value but got {values.Count}{shown} — put target names before the options.");
        }
        return ParameterConverter.Convert(values[0], parameter.Type, parameter.Option, baseDirectory, parameter.IsSecret);
    }

    private static void RejectUnknownOptions(IReadOnlyList<BuildParameter> parameters, CommandLine line)
    {
        var known = parameters.Select(p => p.Option).Concat(CommandLine.EngineOptions.Select(o => "--" + o)).ToList();
        foreach (var option in line.Options.Keys.Select(o => "--" + o).Where(o => !known.Contains(o, StringComparer.OrdinalIgnoreCase)))
            throw new BuildUsageException($"Unknown option {option}.{Suggestions.DidYouMean(option, known)} See ./build.sh --help for the options.");
    }

    private static void RejectUnknownFileKeys(IReadOnlyList<BuildParameter> parameters, ParameterFiles files)
    {
        var names = parameters.Select(p => p.Name).ToList();
        foreach (var key in files.Keys)
        {
            var matches = names.Any(n => n.Equals(key, StringComparison.OrdinalIgnoreCase)
                                         || ParameterNames.Kebab(n).Equals(key, StringComparison.OrdinalIgnoreCase));
            if (!matches)
            {
                files.TryGet(key, out _, out var file);
                throw new BuildUsageException($"{file} sets unknown parameter \"{key}\".{Suggestions.DidYouMean(key, names)}" +
                    " Remove or rename it (parameters: ./build.sh --help).");
            }
        }
    }
}
