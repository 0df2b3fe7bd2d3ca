namespace Recurrent.Tasks.Forecasting;

/// <summary>
/// A linear autoregression on a look-back window, fitted by least squares in double precision, one regression per horizon
/// step (the direct multi-step strategy): <c>ŷ_{t+h} = c_h + Σ_k a_{h,k} · x_{t−L+1+k}</c> for k = 0 … L − 1 (oldest first).
/// The normal equations <c>(XᵀX + λI) β = Xᵀy</c> are solved by Cholesky; a tiny ridge λ (relative to XᵀX's diagonal, the
/// intercept left unpenalised) keeps them solvable when lags are collinear, e.g. on a noiseless sine.
/// </summary>
public sealed class LinearAutoregression
{
    /// <summary>λ relative to the mean diagonal entry of XᵀX: small enough to leave a well-posed fit unchanged in its leading digits.</summary>
    public const double DefaultRidge = 1e-8;

    private readonly double[][] coefficients; // [horizon][1 + lookback]: intercept, then one weight per lag, oldest first

    private LinearAutoregression(double[][] coefficients, int lookback)
    {
        this.coefficients = coefficients;
        Lookback = lookback;
    }

    /// <summary>The number of past values each forecast reads.</summary>
    public int Lookback { get; }

    /// <summary>The number of steps forecast at once.</summary>
    public int Horizon => coefficients.Length;

    /// <summary>The intercept of the regression of step <paramref name="step"/> (0-based).</summary>
    public double Intercept(int step) => coefficients[step][0];

    /// <summary>The weights of step <paramref name="step"/>'s regression on the window, oldest value first: [Lookback].</summary>
    public double[] Weights(int step) => coefficients[step][1..];

    /// <summary>
    /// Fits on the windows of <paramref name="values"/> with the given <paramref name="origins"/>: window t reads
    /// values[t − lookback + 1 … t] and targets values[t + 1 … t + horizon], all of which must be finite.
    /// </summary>
    public static LinearAutoregression Fit(ReadOnlySpan<double> values, IReadOnlyList<int> origins, int lookback, int horizon, double ridge = DefaultRidge)
    {
        if (lookback < 1 || horizon < 1)
            throw new ArgumentException($"A linear autoregression needs a look-back and a horizon of 1 or more, got {lookback} and {horizon}.");
        if (origins.Count == 0) throw new ArgumentException("A linear autoregression needs at least one window to fit on.", nameof(origins));
        int p = lookback + 1;
        var gram = new double[p, p];                 // XᵀX over the windows
        var moments = new double[horizon, p];        // Xᵀy for each step
        var row = new double[p];
        foreach (int t in origins)
        {
            if (t - lookback + 1 < 0 || t + horizon >= values.Length)
                throw new ArgumentException($"The window with origin {t} does not fit in the {values.Length} values.", nameof(origins));
            row[0] = 1;
            for (int k = 0; k < lookback; k++) row[k + 1] = values[t - lookback + 1 + k];
            for (int i = 0; i < p; i++)
                for (int j = 0; j <= i; j++) gram[i, j] += row[i] * row[j];
            for (int h = 0; h < horizon; h++)
                for (int i = 0; i < p; i++) moments[h, i] += row[i] * values[t + 1 + h];
        }
        double trace = 0;
        for (int i = 0; i < p; i++) trace += gram[i, i];
        double lambda = ridge * trace / p; // the intercept column alone makes the trace at least the number of windows
        for (int i = 1; i < p; i++) gram[i, i] += lambda;
        var factor = Cholesky(gram);
        var coefficients = new double[horizon][];
        for (int h = 0; h < horizon; h++)
        {
            var b = new double[p];
            for (int i = 0; i < p; i++) b[i] = moments[h, i];
            coefficients[h] = Solve(factor, b);
        }
        return new LinearAutoregression(coefficients, lookback);
    }

    /// <summary>
    /// The forecasts of the next <see cref="Horizon"/> steps after <paramref name="window"/>, whose last <see cref="Lookback"/> values
    /// (oldest first) are read: [Horizon].
    /// </summary>
    public double[] Predict(ReadOnlySpan<double> window)
    {
        if (window.Length < Lookback) throw new ArgumentException($"The regression reads {Lookback} values, got {window.Length}.", nameof(window));
        window = window[^Lookback..];
        var forecast = new double[Horizon];
        for (int h = 0; h < Horizon; h++)
        {
            double sum = coefficients[h][0];
            for (int k = 0; k < Lookback; k++) sum += coefficients[h][k + 1] * window[k];
            forecast[h] = sum;
        }
        return forecast;
    }

    /// <summary>The lower-triangular L with L·Lᵀ = <paramref name="a"/> (only a's lower triangle is read).</summary>
    private static double[,] Cholesky(double[,] a)
    {
        int n = a.GetLength(0);
        var l = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j <= i; j++)
            {
                double sum = a[i, j];
                for (int k = 0; k < j; k++) sum -= l[i, k] * l[j, k];
                if (i == j)
                {
                    if (!(sum > 0))
                        throw new ArgumentException("The least-squares system of the linear autoregression is singular: " +
                            "the windows hold too few distinct values to fit; use more data or a shorter look-back.");
                    l[i, i] = Math.Sqrt(sum);
                }
                else l[i, j] = sum / l[j, j];
            }
        }
        return l;
    }

    /// <summary>x with L·Lᵀ·x = b: forward then backward substitution.</summary>
    private static double[] Solve(double[,] l, double[] b)
    {
        int n = b.Length;
        var y = new double[n];
        for (int i = 0; i < n; i++)
        {
            double sum = b[i];
            for (int k = 0; k < i; k++) sum -= l[i, k] * y[k];
            y[i] = sum / l[i, i];
        }
        var x = new double[n];
        for (int i = n - 1; i >= 0; i--)
        {
            double sum = y[i];
            for (int k = i + 1; k < n; k++) sum -= l[k, i] * x[k];
            x[i] = sum / l[i, i];
        }
        return x;
    }
}
