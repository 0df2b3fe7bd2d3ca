using Recurrent.Autograd;

namespace Recurrent.Tasks.Translation;

/// <summary>One decoder step for N rows.</summary>
/// <param name="Features">[N, F] what the output layer reads (<see cref="TranslationModel.FeatureSize"/>).</param>
/// <param name="State">the state after the step.</param>
/// <param name="Weights">α [N, S], where the step looked (0 at padded source positions); null without attention.</param>
public sealed record DecoderOutput(Variable Features, DecoderState State, Variable? Weights);
