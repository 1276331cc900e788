namespace LogForge.Build.Engine;

/// <summary>A normalized absolute file-system path; <c>root / "artifacts" / "x.md"</c> composes.</summary>
public sealed record AbsolutePath
{
    private AbsolutePath(string value) => Value = value;

    public string Value { get; }

    public static AbsolutePath Create(string path, string? baseDirectory = null) =>
        new(Path.GetFullPath(path, baseDirectory ?? Directory.GetCurrentDirectory()).TrimEnd(Path.DirectorySeparatorChar) is { Length: > 0 } p ? p : "/");

    public static AbsolutePath operator /(AbsolutePath left, string right) => Create(right, left.Value);

    public string Name => Path.GetFileName(Value);
    public AbsolutePath Parent => Create(Path.GetDirectoryName(Value) ?? Value);
    public bool Exists() => File.Exists(Value) || Directory.Exists(Value);
    public string RelativeTo(AbsolutePath other) => Path.GetRelativePath(other.Value, Value);

    public static implicit operator string(AbsolutePath path) => path.Value;
    public override string ToString() => Value;
}
