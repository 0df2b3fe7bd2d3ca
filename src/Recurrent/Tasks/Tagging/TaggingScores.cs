namespace Recurrent.Tasks.Tagging;

/// <summary>Entity-level scores of one entity type, as conlleval prints them per type (fractions 0–1, not percentages).</summary>
/// <param name="Precision">Correct / predicted entities of this type; 0 when none was predicted.</param>
/// <param name="Recall">Correct / gold entities of this type; 0 when the gold tags have none.</param>
/// <param name="F1">2PR / (P + R); 0 when P + R = 0.</param>
/// <param name="Support">The number of gold entities of this type.</param>
/// <param name="Predicted">The number of predicted entities of this type.</param>
/// <param name="Correct">The number of predicted entities of this type with exactly a gold entity's tokens and type.</param>
public sealed record EntityTypeScores(double Precision, double Recall, double F1, int Support, int Predicted, int Correct);

/// <summary>
/// How well predicted tags match gold tags (<see cref="TaggingMetrics.Score"/>): entity-level precision, recall and F1
/// micro-averaged over all entities, per entity type, and token accuracy (the only meaningful score for POS tags).
/// Fractions 0–1; conlleval prints the same numbers times 100.
/// </summary>
/// <param name="Precision">Correct / predicted entities; 0 when nothing was predicted.</param>
/// <param name="Recall">Correct / gold entities; 0 when the gold tags have none.</param>
/// <param name="F1">2PR / (P + R); 0 when P + R = 0.</param>
/// <param name="PerType">Scores of each type found in the gold or the predicted tags, in ordinal order of the type names.</param>
/// <param name="TokenAccuracy">Tokens whose predicted tag equals the gold tag / tokens; 0 for no tokens.</param>
/// <param name="Sentences">The number of sentences scored.</param>
/// <param name="Tokens">The number of tokens scored.</param>
/// <param name="CorrectTokens">The number of tokens whose predicted tag equals the gold tag.</param>
/// <param name="GoldEntities">The number of entities in the gold tags (conlleval's "phrases").</param>
/// <param name="PredictedEntities">The number of entities in the predicted tags (conlleval's "found").</param>
/// <param name="CorrectEntities">The number of predicted entities that match a gold entity's tokens and type exactly.</param>
public sealed record TaggingScores(
    double Precision,
    double Recall,
    double F1,
    IReadOnlyDictionary<string, EntityTypeScores> PerType,
    double TokenAccuracy,
    int Sentences,
    int Tokens,
    int CorrectTokens,
    int GoldEntities,
    int PredictedEntities,
    int CorrectEntities);
