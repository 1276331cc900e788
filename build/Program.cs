namespace LogForge.Build;

internal static class Program
{
    private static int Main() => 0;
}
