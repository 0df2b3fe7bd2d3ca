using Recurrent.Autograd;
using Recurrent.Layers;
using Recurrent.Tasks.Translation;

namespace Recurrent.Interpretation;

/// <summary>
/// Integrated gradients of a <see cref="Translator"/>'s output tokens: for each token y_t of a translation (the model's own,
/// or a given one) and the &lt;eos&gt; after it, the attribution of every source token,
/// attribution(s) = Σₑ (x − x')ₛₑ · Σᵢ wᵢ ∂F_t/∂xₛₑ (x' + αᵢ(x − x')), with F_t = p(y_t | y_&lt;t, x) under teacher forcing:
/// the decoder reads &lt;bos&gt; y₁ … y_{t−1} of the translation whatever the path point, and F_t is the softmax of its
/// logits at step t, at y_t. The path runs on the source embedding only, summed over its dimensions (Captum's
/// LayerIntegratedGradients on <c>source_embedding</c>); the target tokens' embeddings stay at their values.
/// <para>
/// The rows of a batch are (output token, path point) pairs, longest prefix first: step t of the decoder runs only the rows
/// whose token is at t or later, as teacher-forced training does. The network runs in evaluation mode; its parameters'
/// gradients are cleared after every pass (see <see cref="IntegratedGradients"/>).
/// </para>
/// </summary>
public sealed class TranslationIntegratedGradients
{
    private readonly Translator translator;
    private readonly TranslationSearchOptions search;

    /// <param name="translator">the translator to explain.</param>
    /// <param name="options">validated here; defaults when null. <see cref="IntegratedGradientsOptions.Target"/> must be null:
    /// the outputs to explain are a translation, given to <see cref="Explain"/>.</param>
    /// <param name="search">how the translation is found when <see cref="Explain"/> is given none (greedy by default).</param>
    /// <exception cref="ArgumentException">The options are invalid or name a target.</exception>
    public TranslationIntegratedGradients(Translator translator, IntegratedGradientsOptions? options = null, TranslationSearchOptions? search = null)
    {
        ArgumentNullException.ThrowIfNull(translator);
        options ??= new IntegratedGradientsOptions();
        options.Validate();
        if (options.Target is { } label)
            throw new ArgumentException($"{nameof(IntegratedGradientsOptions)}.{nameof(options.Target)} is '{label}', but a translator has no " +
                "labels: give the target sentence to TranslationIntegratedGradients.Explain instead.", nameof(options));
        this.translator = translator;
        this.search = search ?? new TranslationSearchOptions();
        Options = options;
    }

    public IntegratedGradientsOptions Options { get; }

    /// <summary>
    /// Explains each token of the translation of <paramref name="source"/>: <paramref name="target"/> when given (tokenised as
    /// the translator reads its languages), else the model's own translation. The rows are the target tokens, then &lt;eos&gt;.
    /// </summary>
    /// <exception cref="ArgumentException">The source has no token.</exception>
    public SequenceExplanation Explain(string source, string? target = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        var sourceTokens = translator.Tokenizer.Tokenize(source);
        if (sourceTokens.Count == 0) throw new ArgumentException($"The source sentence '{source}' has no token to explain.", nameof(source));
        var targetTokens = target is null ? translator.Translate([source], search)[0].Tokens : translator.Tokenizer.Tokenize(target);
        var targetIds = translator.TargetVocabulary.Encode(targetTokens);
        int[] decoderInput = [TranslationVocabulary.BeginId, .. targetIds], expected = [.. targetIds, TranslationVocabulary.EndId];
        var sourceIds = translator.SourceVocabulary.Encode(sourceTokens);
        int length = sourceIds.Length;

        using var evaluating = Module.Evaluating();
        var network = translator.Network;
        EmbeddingPath path;
        using (Tape.NoGrad())
        {
            var input = network.EmbedSources(sourceIds, [1, length]).Value; // [1, S, E]
            var baseline = EmbeddingPath.Baseline(Options.Baseline, length, input.Shape, ids => network.EmbedSources(ids, [1, length]).Value);
            path = new EmbeddingPath(input, baseline, Options);
        }
        PathScores scores = (points, steps) =>
        {
            // steps descend: the rows that reach step t are a prefix, and those whose token is at t end that prefix.
            int rows = points.Dim(0);
            var encoded = network.EncodeEmbedded(points, Enumerable.Repeat(length, rows).ToArray());
            var state = encoded.Initial;
            var memory = encoded.Memory;
            var pieces = new List<Variable>();
            for (int t = 0; t <= steps[0]; t++)
            {
                int active = steps.Count(step => step >= t), first = steps.Count(step => step > t);
                if (active < state.Rows)
                {
                    state = state.Take(active);
                    memory = memory?.Take(active);
                }
                var step = network.Step(network.EmbedTargets(Enumerable.Repeat(decoderInput[t], active).ToArray(), [active]), state, memory);
                state = step.State;
                if (first < active)
                    pieces.Add(Ops.Select(Ops.Softmax(network.Logits(Ops.Slice(step.Features, 0, first, active - first))), 1, expected[t])); // F_t [n]
            }
            pieces.Reverse();
            return pieces.Count == 1 ? pieces[0] : Ops.Concat(pieces, axis: 0);
        };
        string[] outputs = [.. targetTokens, TranslationVocabulary.EndToken];
        return path.Explain(sourceTokens, outputs, outputs, Enumerable.Range(0, outputs.Length).ToArray(), scores, network,
            o => $"of target token '{outputs[o]}' (step {o})");
    }
}
