using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Recurrent.Tests.Onnx;

/// <summary>
/// An exported forecaster run by ONNX Runtime, as docs/interop.md shows it: windows [B, T, F] in the model's scaled space in,
/// forecasts [B, S, Q] out; for the recursive strategy, <see cref="Recursive"/> feeds the point forecast back step by step.
/// </summary>
internal sealed class OnnxForecasterSession(byte[] model) : IDisposable
{
    private readonly InferenceSession session = new(model);

    public static OnnxForecasterSession FromFile(string path) => new(File.ReadAllBytes(path));

    public IReadOnlyDictionary<string, string> Metadata => session.ModelMetadata.CustomMetadataMap;

    /// <summary>The graph's forecasts [B, S, Q] of windows [B, T, F] (row-major).</summary>
    public float[] Forecast(float[] windows, int batch, int lookback, int features)
    {
        var window = new DenseTensor<float>(windows, [batch, lookback, features]);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor("window", window)]);
        return results.Single(result => result.Name == "forecast").AsTensor<float>().ToArray();
    }

    /// <summary>
    /// The recursive strategy's <paramref name="steps"/> forecasts [B, steps, Q] from the one-step graph: after each step the
    /// window drops its first step and appends one whose target is the point forecast (output <paramref name="pointIndex"/>)
    /// and whose other features repeat the window's last values.
    /// </summary>
    public float[] Recursive(float[] windows, int batch, int lookback, int features, int steps, int outputs, int pointIndex)
    {
        var window = (float[])windows.Clone();
        var forecasts = new float[batch * steps * outputs];
        for (int s = 0; s < steps; s++)
        {
            var next = Forecast(window, batch, lookback, features);                                 // [B, 1, Q]
            for (int b = 0; b < batch; b++)
            {
                Array.Copy(next, b * outputs, forecasts, (b * steps + s) * outputs, outputs);
                var row = window.AsSpan(b * lookback * features, lookback * features);
                row[features..].CopyTo(row);                                                        // slide by one step
                row[^features] = next[b * outputs + pointIndex];                                    // the last step keeps its other features
            }
        }
        return forecasts;
    }

    public void Dispose() => session.Dispose();
}
