namespace LogForge.Build.Engine;

/// <summary>The raw invocation: target names, the engine's own switches and parameter options.
/// Targets come first: <c>./build.sh Test Smoke --env local --skip Compile</c>.</summary>
internal sealed partial class CommandLine
{
    public static readonly string[] EngineOptions = ["help", "plan", "skip", "parallel", "profile", "log-format", "verbose"];
    private static readonly string[] Flags = ["help", "plan", "parallel", "verbose"];

    public List<string> Targets { get; } = [];
    public bool Help { get; private set; }
    public bool Plan { get; private set; }
    public bool Parallel { get; private set; }
    public bool Verbose { get; private set; }
    /// <summary>null: no --skip; empty: bare --skip (skip every target that was not invoked).</summary>
    public List<string>? Skip { get; private set; }
    public List<string> Profiles { get; } = [];
    public string? LogFormat { get; private set; }
    /// <summary>Parameter options in the order given: kebab name → values.</summary>
    public Dictionary<string, List<string>> Options { get; } = new(StringComparer.OrdinalIgnoreCase);

    public static CommandLine Parse(IReadOnlyList<string> args)
    {
        var line = new CommandLine();
        for (var i = 0; i < args.Count; i++)
        {
            var token = args[i];
            if (token is "-h" or "-?" or "/?") { line.Help = true; continue; }
            if (!token.StartsWith("--", StringComparison.Ordinal) || token == "--")
            {
                if (token.StartsWith('-') && token.Length > 1)
                    throw new BuildUsageException($"Unknown option '{token}' — options are written --name (see ./build.sh --help).");
                line.Targets.Add(token);
                continue;
            }

            var name = token[2..];
            var values = new List<string>();
            var equals = name.IndexOf('=', StringComparison.Ordinal);
            if (equals >= 0)
            {
                values.Add(name[(equals + 1)..]);
                name = name[..equals];
            }
            else if (!Flags.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                while (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
                    values.Add(args[++i]);
            }
            line.Apply(name.ToLowerInvariant(), values);
        }
        return line;
    }

    private readonly HashSet<string> _given = [];

    private void Apply(string name, List<string> values)
    {
        var repeatable = name is "skip" or "profile" or "help" || !EngineOptions.Contains(name);
        if (!repeatable && !_given.Add(name))
            throw new BuildUsageException($"--{name} is given twice — give it once.");

        switch (name)
        {
            case "help": Help = Flag(name, values); break;
            case "plan": Plan = Flag(name, values); break;
            case "parallel": Parallel = Flag(name, values); break;
            case "verbose": Verbose = Flag(name, values); break;
            case "skip": (Skip ??= []).AddRange(values.SelectMany(ParameterConverter.SplitList)); break;
            case "profile":
                if (values.Count == 0) throw new BuildUsageException("--profile needs a name — pass --profile NAME to layer .nuke/parameters.NAME.json.");
                foreach (var profile in values.Where(p => !ProfileName().IsMatch(p) || p.Contains("..", StringComparison.Ordinal)))
                    throw new BuildUsageException($"--profile takes a name (letters, digits, '.', '-', '_'), not a path: '{profile}' — " +
                        "profiles are the files .nuke/parameters.NAME.json.");
                Profiles.AddRange(values);
                break;
            case "log-format":
                LogFormat = values.Count == 1 && values[0] is "json" or "text"
                    ? values[0]
                    : throw new BuildUsageException("--log-format takes one value, json or text — pass --log-format json.");
                break;
            default:
                if (!Options.TryGetValue(name, out var existing)) Options[name] = existing = [];
                existing.AddRange(values);
                break;
        }
    }

    /// <summary>A switch: bare it means true; <c>--name=value</c> takes true/false (also 1/0, yes/no, on/off) or is refused.</summary>
    private static bool Flag(string name, List<string> values) => values switch
    {
        [] => true,
        [var value] => value.ToLowerInvariant() switch
        {
            "true" or "1" or "yes" or "on" => true,
            "false" or "0" or "no" or "off" => false,
            _ => throw new BuildUsageException($"--{name} is a switch: '{value}' is not true or false — pass --{name} or --{name}=false."),
        },
        _ => throw new BuildUsageException($"--{name} is a switch and takes no values — pass --{name} or --{name}=false."),
    };

    [System.Text.RegularExpressions.GeneratedRegex("^[A-Za-z0-9_][A-Za-z0-9._-]*$")]
    private static partial System.Text.RegularExpressions.Regex ProfileName();
}
