namespace Recurrent.Text;

/// <summary>Options of a <see cref="TfIdfVectorizer"/>; the defaults are scikit-learn's TfidfVectorizer defaults except MaxFeatures.</summary>
public sealed record TfIdfOptions
{
    /// <summary>Keep the terms with the highest total count in the training texts (ties in ordinal order).</summary>
    public int MaxFeatures { get; init; } = 20_000;

    /// <summary>A term must occur in at least this many training texts (scikit-learn's min_df).</summary>
    public int MinDocumentFrequency { get; init; } = 1;

    /// <summary>Use 1 + ln(tf) instead of the raw count tf.</summary>
    public bool SublinearTf { get; init; }

    /// <summary>Add pairs of adjacent tokens ("not good") as terms, next to the single tokens (ngram_range (1, 2)).</summary>
    public bool IncludeBigrams { get; init; }

    /// <summary>
    /// When set to N, the terms are the character n-grams (n = 1..N) of each token padded with a space on either side,
    /// instead of the tokens themselves: scikit-learn's analyzer="char_wb", for short texts such as names.
    /// </summary>
    public int? CharacterNGrams { get; init; }

    /// <summary>How texts are split into tokens.</summary>
    public WordTokenizerOptions Tokenizer { get; init; } = new();

    public void Validate()
    {
        if (MaxFeatures < 1)
            throw new ArgumentOutOfRangeException(nameof(MaxFeatures), $"TfIdfOptions.MaxFeatures must be at least 1, got {MaxFeatures}.");
        if (CharacterNGrams is < 1)
            throw new ArgumentOutOfRangeException(nameof(CharacterNGrams), $"TfIdfOptions.CharacterNGrams must be at least 1, got {CharacterNGrams}.");
        if (MinDocumentFrequency < 1)
            throw new ArgumentOutOfRangeException(nameof(MinDocumentFrequency), "TfIdfOptions.MinDocumentFrequency must be " +
                $"at least 1, got {MinDocumentFrequency}.");
    }
}

/// <summary>
/// TF-IDF features as scikit-learn computes them by default: for term t in text d,
/// x[t] = tf(t, d) · idf(t) with idf(t) = ln((1 + n) / (1 + df(t))) + 1 (smooth idf; n training texts, df(t) of them containing t),
/// then each row scaled to unit L2 norm. Terms are the tokens of a <see cref="WordTokenizer"/> (and optionally bigrams); feature j is
/// <see cref="Terms"/>[j], ordered by descending total count. Terms not seen in training are ignored; a text without known terms is all zeros.
/// </summary>
public sealed class TfIdfVectorizer
{
    private readonly string[] terms;
    private readonly Dictionary<string, int> index;
    private readonly WordTokenizer tokenizer;

    public TfIdfOptions Options { get; }

    /// <summary>Feature j's term; a bigram is its two tokens joined by one space.</summary>
    public IReadOnlyList<string> Terms => terms;

    /// <summary>idf [F], feature j's inverse document frequency.</summary>
    public Tensor InverseDocumentFrequency { get; }

    /// <summary>F.</summary>
    public int FeatureCount => terms.Length;

    /// <summary>A fitted vectorizer from its state (for loading a saved one).</summary>
    public TfIdfVectorizer(TfIdfOptions options, IReadOnlyList<string> terms, Tensor inverseDocumentFrequency)
    {
        options.Validate();
        if (inverseDocumentFrequency.Rank != 1 || inverseDocumentFrequency.Size != terms.Count)
            throw new ArgumentException($"The idf must be [F] with F = {terms.Count} terms, got " +
                $"{Tensor.ShapeText(inverseDocumentFrequency.Shape)}.", nameof(inverseDocumentFrequency));
        Options = options;
        this.terms = terms.ToArray();
        InverseDocumentFrequency = inverseDocumentFrequency;
        tokenizer = new WordTokenizer(options.Tokenizer);
        index = new Dictionary<string, int>(this.terms.Length, StringComparer.Ordinal);
        for (int j = 0; j < this.terms.Length; j++)
            if (!index.TryAdd(this.terms[j], j))
                throw new ArgumentException($"Term '{this.terms[j]}' appears twice (features {index[this.terms[j]]} and {j}).", nameof(terms));
    }

    /// <summary>Learns the terms and their idf from the training texts.</summary>
    public static TfIdfVectorizer Fit(IReadOnlyList<string> texts, TfIdfOptions? options = null)
    {
        options ??= new TfIdfOptions();
        options.Validate();
        if (texts.Count == 0) throw new ArgumentException("TfIdfVectorizer.Fit needs at least one training text.", nameof(texts));
        var tokenizer = new WordTokenizer(options.Tokenizer);
        var totalCount = new Dictionary<string, int>(StringComparer.Ordinal);
        var documentFrequency = new Dictionary<string, int>(StringComparer.Ordinal);
        var inThisText = new HashSet<string>(StringComparer.Ordinal);
        foreach (var text in texts)
        {
            inThisText.Clear();
            foreach (var term in TermsOf(tokenizer, text, options))
            {
                totalCount[term] = totalCount.GetValueOrDefault(term) + 1;
                if (inThisText.Add(term)) documentFrequency[term] = documentFrequency.GetValueOrDefault(term) + 1;
            }
        }
        var kept = totalCount
            .Where(kv => documentFrequency[kv.Key] >= options.MinDocumentFrequency)
            .OrderByDescending(kv => kv.Value)
            .ThenBy(kv => kv.Key, StringComparer.Ordinal)
            .Take(options.MaxFeatures)
            .Select(kv => kv.Key)
            .ToArray();
        int n = texts.Count;
        var idf = new Tensor(kept.Length);
        for (int j = 0; j < kept.Length; j++)
            idf.Data[j] = (float)(Math.Log((1.0 + n) / (1.0 + documentFrequency[kept[j]])) + 1.0);
        return new TfIdfVectorizer(options, kept, idf);
    }

    /// <summary>The unit-L2 TF-IDF row of <paramref name="text"/>, its entries ordered by feature index.</summary>
    public SparseVector Transform(string text)
    {
        var counts = new SortedDictionary<int, int>();
        foreach (var term in TermsOf(tokenizer, text, Options))
            if (index.TryGetValue(term, out int j)) counts[j] = counts.GetValueOrDefault(j) + 1;
        var indices = new int[counts.Count];
        var weights = new double[counts.Count];
        double squaredNorm = 0;
        int k = 0;
        foreach (var (j, count) in counts)
        {
            double tf = Options.SublinearTf ? 1.0 + Math.Log(count) : count;
            indices[k] = j;
            weights[k] = tf * InverseDocumentFrequency.Data[j];
            squaredNorm += weights[k] * weights[k];
            k++;
        }
        double scale = squaredNorm > 0 ? 1.0 / Math.Sqrt(squaredNorm) : 0;
        return new SparseVector(indices, weights.Select(w => (float)(w * scale)).ToArray());
    }

    public SparseVector[] Transform(IReadOnlyList<string> texts) => texts.Select(Transform).ToArray();

    /// <summary>
    /// The tokens of the text, then (with bigrams) each adjacent pair joined by a space; or, with character n-grams,
    /// every n-gram of every space-padded token.
    /// </summary>
    private static IEnumerable<string> TermsOf(WordTokenizer tokenizer, string text, TfIdfOptions options)
    {
        var tokens = tokenizer.Tokenize(text);
        if (options.CharacterNGrams is { } longest)
        {
            foreach (var token in tokens)
            {
                string padded = " " + token + " ";
                for (int n = 1; n <= longest; n++)
                    for (int start = 0; start + n <= padded.Length; start++)
                        yield return padded.Substring(start, n);
            }
            yield break;
        }
        foreach (var token in tokens) yield return token;
        if (!options.IncludeBigrams) yield break;
        for (int i = 0; i + 1 < tokens.Count; i++) yield return tokens[i] + " " + tokens[i + 1];
    }
}
