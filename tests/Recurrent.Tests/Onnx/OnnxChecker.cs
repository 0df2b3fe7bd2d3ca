using System.Diagnostics;

namespace Recurrent.Tests.Onnx;

/// <summary><c>onnx.checker.check_model(…, full_check=True)</c> (structure, operator schemas and shape inference) on a model file.</summary>
internal static class OnnxChecker
{
    public const string Python = "/usr/bin/python3";

    /// <summary>The checker's exit code and what it printed.</summary>
    public static (int ExitCode, string Output) Check(string path)
    {
        Assert.True(File.Exists(Python), $"{Python} is missing: install python3-onnx (apt-get install -y python3-onnx; .ci/run does).");
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
