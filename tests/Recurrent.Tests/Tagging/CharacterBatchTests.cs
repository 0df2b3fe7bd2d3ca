using Recurrent.Autograd;
using Recurrent.Tasks.Tagging;
using Recurrent.Text;
using static Recurrent.Tests.Autograd.OpAssert;

namespace Recurrent.Tests.Tagging;

/// <summary><see cref="CharacterBatch"/>: the distinct words of a batch as padded character ids, and the token → word rows.</summary>
public class CharacterBatchTests
{
    private static readonly Vocabulary Characters = new(["<pad>", "<unk>", "a", "b", "C", "\U0001D538"]);

    private static CharacterBatch Batch() => CharacterBatch.Build([["ab", "C", "ab"], ["C", "x\U0001D538"]], Characters);

    [Fact]
    public void Each_distinct_word_is_one_row_in_order_of_first_occurrence()
    {
        var batch = Batch();
        Assert.Equal(["ab", "C", "x\U0001D538"], batch.Words);
        Assert.Equal([0, 1, 0, 1, 2, 0], batch.TokenRows);
        Assert.Equal((2, 3), (batch.BatchSize, batch.Steps));
    }

    [Fact]
    public void Character_ids_are_padded_to_the_longest_word_with_unknown_characters_as_unk()
    {
        var batch = Batch();
        Assert.Equal(2, batch.MaxWordLength); // a code point outside the basic plane is one character
        Assert.Equal([2, 3, 4, 0, 1, 5], batch.CharacterIds);
        Assert.Equal([2, 1, 2], batch.WordLengths);
    }

    [Fact]
    public void Token_features_gather_each_token_s_word_row()
    {
        var words = new Variable(Tensor.FromArray([1, 2, 3, 4, 5, 6], 3, 2));
        var tokens = Batch().TokenFeatures(words);
        Assert.Equal([2, 3, 2], tokens.Shape);
        Equal([1, 2, 3, 4, 1, 2, 3, 4, 5, 6, 1, 2], tokens.Value);
    }

    [Fact]
    public void Token_features_backpropagate_into_computed_word_features()
    {
        var batch = Batch();
        var weight = Parameter(new Rng(5), "weight", 3, 4);
        // The word features are an op's output, not a parameter, as an encoder's are.
        MatchesFiniteDifferences(() => batch.TokenFeatures(Ops.Tanh(weight)), weight);
    }

    [Fact]
    public void A_repeated_word_gets_the_sum_of_its_tokens_gradients()
    {
        var weight = new Variable(new Tensor(3, 1), requiresGrad: true);
        using (var tape = new Tape())
            Ops.Sum(Batch().TokenFeatures(Ops.Scale(weight, 1f))).Backward();
        Equal([3, 2, 1], weight.Grad!); // "ab" twice and the padded position, "C" twice, "x𝔸" once
    }

    [Fact]
    public void Word_features_of_another_batch_are_rejected()
    {
        var e = Assert.Throws<ArgumentException>(() => Batch().TokenFeatures(new Variable(new Tensor(4, 2))));
        Assert.Contains("W = 3, got [4, 2]", e.Message);
    }

    [Fact]
    public void An_empty_token_is_named_by_its_position()
    {
        var e = Assert.Throws<ArgumentException>(() => CharacterBatch.Build([["a"], ["b", ""]], Characters));
        Assert.Contains("token 1 of sentence 1 of the batch is empty", e.Message);
    }

    [Fact]
    public void An_empty_sentence_is_rejected()
    {
        var e = Assert.Throws<ArgumentException>(() => CharacterBatch.Build([["a"], []], Characters));
        Assert.Contains("sentence 1 of the batch has no tokens", e.Message);
    }
}
