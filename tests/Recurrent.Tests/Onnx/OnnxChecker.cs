using System.Diagnostics;

namespace Recurrent.Tests.Onnx;

/// <summary><c>onnx.checker.check_model(…, full_check=True)</c> (structure, operator schemas and shape inference) on model files.</summary>
internal static class OnnxChecker
{
    public const string Python = "/usr/bin/python3";

    /// <summary>Checks every file in one Python process (a process costs about a second) and fails naming the first invalid one.</summary>
    public static void AssertValid(params string[] paths)
    {
        Assert.True(File.Exists(Python), $"{Python} is missing: install python3-onnx (apt-get install -y python3-onnx; .ci/run does).");
        using var python = Process.Start(new ProcessStartInfo(Python,
            ["-c", "import sys, onnx\nfor path in sys.argv[1:]:\n    onnx.checker.check_model(onnx.load(path), full_check=True)\n" +
                   "    print('valid', path)", .. paths])
        {
            RedirectStandardError = true, RedirectStandardOutput = true,
        })!;
        string output = python.StandardOutput.ReadToEnd() + python.StandardError.ReadToEnd();
        python.WaitForExit();
        string expected = string.Concat(paths.Select(path => $"valid {path}\n"));
        Assert.True(python.ExitCode == 0 && output.ReplaceLineEndings("\n") == expected,
            $"onnx.checker on {string.Join(", ", paths.Select(Path.GetFileName))}: {output}");
    }
}
