using Recurrent.Tensors;

namespace Recurrent.Data;

/// <summary>Seeded splits of a labelled dataset.</summary>
public static class DatasetSplit
{
    /// <summary>
    /// Holds out about <paramref name="validationFraction"/> of the examples for validation, chosen by a shuffle seeded
    /// with <paramref name="seed"/> (the same seed gives the same split). Stratified: each class is split in the same
    /// proportion (largest-remainder rounding, so the total is round(N · fraction)), and then every class with at least
    /// 2 examples gets at least one in each part, which can move the total by a few. Both parts keep the file order.
    /// </summary>
    public static TrainValidationSplit TrainValidation(LabelledDataset dataset, double validationFraction, ulong seed, bool stratified = true)
    {
        if (!(validationFraction > 0 && validationFraction < 1))
            throw new ArgumentException($"validationFraction must be in (0, 1), got {validationFraction}.", nameof(validationFraction));
        if (dataset.Count < 2)
            throw new ArgumentException($"A dataset of {dataset.Count} example(s) cannot be split into training and validation parts.", nameof(dataset));

        var rng = new Rng(seed);
        int validationCount = Math.Clamp((int)Math.Round(dataset.Count * validationFraction, MidpointRounding.AwayFromZero), 1, dataset.Count - 1);
        var validation = new List<int>();
        if (stratified)
        {
            int[][] byClass = IndicesByClass(dataset);
            int[] quota = Quotas(byClass.Select(c => c.Length).ToArray(), validationCount, validationFraction);
            for (int c = 0; c < byClass.Length; c++)
            {
                rng.Shuffle(byClass[c].AsSpan());
                validation.AddRange(byClass[c].Take(quota[c]));
            }
            if (validation.Count == 0)
                throw new ArgumentException("No class has 2 or more examples, so a stratified split leaves nothing for validation: add examples, split " +
                    "without stratification, give a separate validation set (ClassificationTrainingOptions.ValidationPaths) or hold out nothing " +
                        "(ClassificationTrainingOptions.ValidationSplit 0).", nameof(dataset));
        }
        else
        {
            int[] order = Enumerable.Range(0, dataset.Count).ToArray();
            rng.Shuffle(order.AsSpan());
            validation.AddRange(order.Take(validationCount));
        }

        var inValidation = new bool[dataset.Count];
        foreach (int i in validation) inValidation[i] = true;
        int[] validationIndices = Enumerable.Range(0, dataset.Count).Where(i => inValidation[i]).ToArray();
        int[] trainIndices = Enumerable.Range(0, dataset.Count).Where(i => !inValidation[i]).ToArray();
        return new TrainValidationSplit(dataset.Subset(trainIndices), dataset.Subset(validationIndices), trainIndices, validationIndices);
    }

    private static int[][] IndicesByClass(LabelledDataset dataset)
    {
        int[] labels = dataset.LabelIndices();
        var byClass = Enumerable.Range(0, dataset.ClassCount).Select(_ => new List<int>()).ToArray();
        for (int i = 0; i < labels.Length; i++) byClass[labels[i]].Add(i);
        return byClass.Select(c => c.ToArray()).ToArray();
    }

    /// <summary>
    /// Validation examples per class: floor(n_c · fraction), plus one for the classes with the largest remainders until
    /// the total is reached; then clamped to [1, n_c − 1] for classes of 2 or more, and 0 for single-example classes.
    /// </summary>
    private static int[] Quotas(int[] classSizes, int total, double fraction)
    {
        var quota = new int[classSizes.Length];
        var remainder = new double[classSizes.Length];
        for (int c = 0; c < classSizes.Length; c++)
        {
            double exact = classSizes[c] * fraction;
            quota[c] = (int)Math.Floor(exact);
            remainder[c] = exact - quota[c];
        }
        int missing = total - quota.Sum();
        foreach (int c in Enumerable.Range(0, classSizes.Length).OrderByDescending(c => remainder[c]).ThenBy(c => c).Take(Math.Max(0, missing)))
            quota[c]++;
        for (int c = 0; c < classSizes.Length; c++)
            quota[c] = classSizes[c] >= 2 ? Math.Clamp(quota[c], 1, classSizes[c] - 1) : 0;
        return quota;
    }
}
