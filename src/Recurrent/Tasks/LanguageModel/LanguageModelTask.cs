using Recurrent.Autograd;
using Recurrent.Layers;
using Recurrent.Tensors;
using Recurrent.Training;

namespace Recurrent.Tasks.LanguageModel;

/// <summary>
/// Training a <see cref="RecurrentLanguageModel"/> on one continuous text by truncated backpropagation through time: an epoch
/// is the windows of <see cref="TextStreams"/> in order; each window starts from the state the previous one ended with,
/// detached, so the state carries information across the whole stream while gradients flow back at most T steps.
/// The state starts at zero at the start of every epoch and is saved with checkpoints (<see cref="ICarriedStateTask"/>).
/// Validation scores the held-out text with the state carried through it (<see cref="LanguageModelScore.Measure"/>).
/// </summary>
public sealed class LanguageModelTask : ITrainingTask<int>, ICarriedStateTask
{
    private readonly RecurrentLanguageModel model;
    private readonly TextStreams train;
    private readonly int[] validation;
    private readonly int validationStreams;
    private LanguageModelState? carried;

    /// <param name="model">the network to train.</param>
    /// <param name="train">the training text as B streams in windows of T.</param>
    /// <param name="validation">the held-out text's token ids (may be empty: no validation).</param>
    /// <param name="validationStreams">streams the held-out text is scored in (32 as in char_lm_ref.py's stateful measure; 1 reads it as one text).</param>
    public LanguageModelTask(RecurrentLanguageModel model, TextStreams train, int[] validation, int validationStreams = 32)
    {
        if (validationStreams < 1) throw new ArgumentException($"validationStreams must be at least 1, got {validationStreams}.", nameof(validationStreams));
        this.model = model;
        this.train = train;
        this.validation = validation;
        this.validationStreams = validationStreams;
    }

    public Module Model => model;

    public bool HasValidation => validation.Length >= 2;

    /// <summary>The last validation's score (held-out loss with the weights of that moment), or null before the first.</summary>
    public LanguageModelScore? LastValidation { get; private set; }

    /// <summary>The windows 0 … W − 1 in order (the order is the point, so there is no shuffling); starts the state afresh.</summary>
    public IReadOnlyList<int> TrainingBatches(Rng shuffle)
    {
        carried = null;
        return Enumerable.Range(0, train.WindowCount).ToArray();
    }

    public BatchLoss Loss(int window)
    {
        var (inputs, targets, steps) = train.Window(window);
        var (logits, state) = model.Forward(inputs, train.Streams, steps, carried);
        carried = state.Detach();
        return new BatchLoss(Ops.CrossEntropy(logits, targets), inputs.Length);
    }

    public IReadOnlyDictionary<string, double> Validate()
    {
        if (!HasValidation) return new Dictionary<string, double>();
        LastValidation = LanguageModelScore.Measure(model, validation, validationStreams, train.WindowLength);
        return LastValidation.ToMetrics();
    }

    public IReadOnlyDictionary<string, Tensor> SaveCarriedState()
    {
        var state = new Dictionary<string, Tensor>();
        if (carried is null) return state;
        state["hidden"] = carried.Hidden.Value;
        if (carried.Cell is not null) state["cell"] = carried.Cell.Value;
        return state;
    }

    public void LoadCarriedState(IReadOnlyDictionary<string, Tensor> state) =>
        carried = state.TryGetValue("hidden", out var hidden)
            ? new LanguageModelState(new Variable(hidden), state.TryGetValue("cell", out var cell) ? new Variable(cell) : null)
            : null;
}
