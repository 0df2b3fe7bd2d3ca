using System.Diagnostics;

namespace Recurrent.Tests.Onnx;

/// <summary>
/// A fact that runs ONNX's own model checker (Debian's python3-onnx): skipped, with the reason, where /usr/bin/python3 cannot
/// import onnx. xunit 2 decides skips at discovery, so the check runs in the constructor (once per process).
/// </summary>
public sealed class OnnxCheckerFactAttribute : FactAttribute
{
    private static readonly Lazy<bool> Available = new(() =>
    {
        if (!File.Exists(OnnxChecker.Python)) return false;
        using var python = Process.Start(new ProcessStartInfo(OnnxChecker.Python, ["-c", "import onnx.checker"])
        {
            RedirectStandardError = true, RedirectStandardOutput = true,
        })!;
        python.WaitForExit();
        return python.ExitCode == 0;
    });

    public OnnxCheckerFactAttribute()
    {
        if (!Available.Value) Skip = "needs /usr/bin/python3 with the onnx module (apt-get install python3-onnx)";
    }
}

/// <summary><c>onnx.checker.check_model(…, full_check=True)</c> (structure, operator schemas and shape inference) on a model file.</summary>
internal static class OnnxChecker
{
    public const string Python = "/usr/bin/python3";

    /// <summary>The checker's exit code and what it printed.</summary>
    public static (int ExitCode, string Output) Check(string path)
    {
        using var python = Process.Start(new ProcessStartInfo(Python,
            ["-c", "import sys, onnx; onnx.checker.check_model(onnx.load(sys.argv[1]), full_check=True); print('valid')", path])
        {
            RedirectStandardError = true, RedirectStandardOutput = true,
        })!;
        string output = python.StandardOutput.ReadToEnd() + python.StandardError.ReadToEnd();
        python.WaitForExit();
        return (python.ExitCode, output);
    }
}
