namespace Recurrent.Tests.Text;

/// <summary>
/// Locates the shared example datasets (RECURRENT_SHARED_DATA, else /work/shared/data). Tests that use them return early
/// when the file is absent, so the suite passes on a machine without the datasets.
/// </summary>
internal static class SharedData
{
    public static string? PathOf(string relativePath)
    {
        string root = Environment.GetEnvironmentVariable("RECURRENT_SHARED_DATA") ?? "/work/shared/data";
        string path = Path.Combine(root, relativePath);
        return File.Exists(path) ? path : null;
    }

    public static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Text", "Fixtures", name);
}
