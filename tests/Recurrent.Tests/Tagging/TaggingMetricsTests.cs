using Recurrent.Tasks.Tagging;

namespace Recurrent.Tests.Tagging;

public class TaggingMetricsTests
{
    private static IReadOnlyList<string> Tags(string tags) => tags.Split(' ');

    private static TaggingScores Score(string gold, string predicted) => TaggingMetrics.Score([Tags(gold)], [Tags(predicted)]);

    /// <summary>
    /// Fixtures/conlleval_example.txt: 4 sentences, 27 tokens, 9 gold entities (PER 2, LOC 4, ORG 2, MISC 1) with a
    /// boundary error, a type error, a missed entity, a spurious one, two merged entities and an I- after another type.
    /// Counted by hand: 9 predicted (PER 3, LOC 3, MISC 2, ORG 1), 3 correct (PER 2, MISC 1), 18 tokens right.
    /// </summary>
    [Fact]
    public void Hand_annotated_example_has_its_hand_counted_scores()
    {
        var (gold, predicted) = ConllevalReport.ReadInput(TaggingFiles.Fixture("conlleval_example.txt"));

        var scores = TaggingMetrics.Score(gold, predicted);

        Assert.Equal((4, 27, 18), (scores.Sentences, scores.Tokens, scores.CorrectTokens));
        Assert.Equal((9, 9, 3), (scores.GoldEntities, scores.PredictedEntities, scores.CorrectEntities));
        Assert.Equal(["LOC", "MISC", "ORG", "PER"], scores.PerType.Keys);
        Assert.Equal(new EntityTypeScores(0, 0, 0, Support: 4, Predicted: 3, Correct: 0), scores.PerType["LOC"]);
        Assert.Equal(new EntityTypeScores(0.5, 1, 2 / 3.0, Support: 1, Predicted: 2, Correct: 1), scores.PerType["MISC"]);
        Assert.Equal(new EntityTypeScores(0, 0, 0, Support: 2, Predicted: 1, Correct: 0), scores.PerType["ORG"]);
        Assert.Equal(2 / 3.0, scores.PerType["PER"].Precision, 12);
        Assert.Equal(0.8, scores.PerType["PER"].F1, 12);
        Assert.Equal(1 / 3.0, scores.F1, 12);
        Assert.Equal(18 / 27.0, scores.TokenAccuracy, 12);
    }

    /// <summary>Fixtures/conlleval_example.expected is what conlleval.pl (2004-01-26) printed for the example.</summary>
    [Fact]
    public void Hand_annotated_example_prints_what_conlleval_printed()
    {
        var (gold, predicted) = ConllevalReport.ReadInput(TaggingFiles.Fixture("conlleval_example.txt"));

        string report = ConllevalReport.Format(TaggingMetrics.Score(gold, predicted));

        Assert.Equal(File.ReadAllText(TaggingFiles.Fixture("conlleval_example.expected")), report);
    }

    /// <summary>
    /// Fixtures/conlleval_edge_cases.txt holds sequences where conlleval's rules matter (I- after O or another type, B- after
    /// B-, a chunk running to the sentence end, POS-like tags); its .expected file is conlleval.pl's output.
    /// </summary>
    [Fact]
    public void Edge_cases_print_what_conlleval_printed()
    {
        var (gold, predicted) = ConllevalReport.ReadInput(TaggingFiles.Fixture("conlleval_edge_cases.txt"));

        string report = ConllevalReport.Format(TaggingMetrics.Score(gold, predicted));

        Assert.Equal(File.ReadAllText(TaggingFiles.Fixture("conlleval_edge_cases.expected")), report);
    }

    /// <summary>
    /// Fixtures/conlleval_random_iob.txt: 400 sentences of random IOB tags (made by make_random_iob.py), scored by
    /// conlleval.pl into its .expected file.
    /// </summary>
    [Fact]
    public void Random_iob_tags_print_what_conlleval_printed()
    {
        var (gold, predicted) = ConllevalReport.ReadInput(TaggingFiles.Fixture("conlleval_random_iob.txt"));

        string report = ConllevalReport.Format(TaggingMetrics.Score(gold, predicted));

        Assert.Equal(File.ReadAllText(TaggingFiles.Fixture("conlleval_random_iob.expected")), report);
    }

    [Fact]
    public void Iob1_iob2_and_bioes_forms_of_the_same_tags_score_alike()
    {
        var gold = Tags("I-PER I-PER B-PER O I-LOC O I-ORG");
        var predicted = Tags("I-PER O I-PER O I-LOC I-LOC I-ORG");
        var expected = TaggingMetrics.Score([gold], [predicted]);

        foreach (var scheme in new[] { TagScheme.Iob2, TagScheme.Bioes })
        {
            var scores = TaggingMetrics.Score([TagSchemes.Convert(gold, TagScheme.Iob1, scheme)], [TagSchemes.Convert(predicted, TagScheme.Iob1, scheme)]);
            Assert.Equal((expected.GoldEntities, expected.PredictedEntities, expected.CorrectEntities),
                (scores.GoldEntities, scores.PredictedEntities, scores.CorrectEntities));
        }
    }

    [Fact]
    public void No_predicted_entities_give_precision_0_and_f1_0()
    {
        var scores = Score("B-PER I-PER O", "O O O");

        Assert.Equal((0.0, 0.0, 0.0), (scores.Precision, scores.Recall, scores.F1));
        Assert.Equal(1, scores.PerType["PER"].Support);
    }

    [Fact]
    public void A_type_only_predicted_is_scored_with_support_0()
    {
        var scores = Score("O", "B-LOC");

        Assert.Equal(new EntityTypeScores(0, 0, 0, Support: 0, Predicted: 1, Correct: 0), scores.PerType["LOC"]);
    }

    [Fact]
    public void An_entity_must_match_in_both_ends_and_type()
    {
        Assert.Equal(0, Score("B-PER I-PER", "B-PER O").CorrectEntities);
        Assert.Equal(0, Score("B-PER O", "B-PER I-PER").CorrectEntities);
        Assert.Equal(0, Score("O B-PER", "B-PER I-PER").CorrectEntities);
        Assert.Equal(0, Score("B-PER", "B-ORG").CorrectEntities);
        Assert.Equal(1, Score("B-PER I-PER O", "I-PER I-PER O").CorrectEntities);
    }

    [Fact]
    public void Pos_tags_are_scored_by_token_accuracy()
    {
        var scores = Score("NNP VBZ DT NN", "NNP VBD DT NN");

        Assert.Equal(0.75, scores.TokenAccuracy);
        Assert.Equal(0, scores.GoldEntities);
        Assert.Empty(scores.PerType);
    }

    [Fact]
    public void Sentences_are_scored_apart_so_an_entity_never_spans_two()
    {
        var scores = TaggingMetrics.Score([Tags("O I-PER"), Tags("I-PER O")], [Tags("O I-PER"), Tags("I-PER O")]);

        Assert.Equal((2, 2), (scores.GoldEntities, scores.CorrectEntities));
    }

    [Fact]
    public void Different_lengths_are_refused_naming_the_sentence()
    {
        var error = Assert.Throws<ArgumentException>(() => TaggingMetrics.Score([Tags("O"), Tags("O O")], [Tags("O"), Tags("O")]));

        Assert.Contains("Sentence 1", error.Message);
    }
}
