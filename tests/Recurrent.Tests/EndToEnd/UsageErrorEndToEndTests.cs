namespace Recurrent.Tests.EndToEnd;

/// <summary>
/// A user's mistake — a bad flag or value, a missing file, malformed data or a damaged model — through the built program:
/// exit code 2 and one line on stderr that starts with <c>error:</c> and names what was wrong, never a stack trace.
/// </summary>
[Collection(ParallelEndToEndCollection.Name)]
public sealed class UsageErrorEndToEndTests : IDisposable
{
    private readonly ScratchDirectory scratch = new("errors");
    private readonly TrainedModels models;

    public UsageErrorEndToEndTests(TrainedModels models)
    {
        this.models = models;
        scratch.Write("bad.tsv", "good film\t1\na row without a tab\nbad film\t0\n");
        scratch.Write("bad.jsonl", "{\"text\": \"good\", \"label\": \"1\"}\n{\"text\": \"bad\", \"label\": \n");
        scratch.Write("empty.tsv", "");
        scratch.Write("vectors.txt", "good 0.1 0.2\nbad 0.3\n");
        scratch.Write("broken.json", "{\n  \"cell\": \"rnn\",\n  oops\n}\n");
        scratch.Write("not-a-model/readme.txt", "hello");
    }

    public void Dispose() => scratch.Dispose();

    /// <summary>
    /// Runs <paramref name="commandLine"/> (split at spaces; {yelp}, {shakespeare}, {phrases}, {classifier}, {lm}, {translator}
    /// and {spec} stand for bundled data, the shared models and an exercise spec; other names are files of the scratch folder) and checks the
    /// error line contains <paramref name="named"/>.
    /// </summary>
    [Theory]
    // flags and values that do not exist
    [InlineData("train classify --data {yelp} --model lstm --out m --no-such-flag", "'--no-such-flag'")]
    [InlineData("trian classify --data {yelp}", "'trian'")]
    [InlineData("train lm --data {shakespeare} --out m --hiden 64", "'--hiden'")]
    [InlineData("generate {lm} --temprature 0.5", "'--temprature'")]
    [InlineData("evaluate {classifier} --data {yelp} --verbosity 2", "'--verbosity'")]
    [InlineData("train classify --data {yelp} --model lstm --model gru --out m", "'--model' expects a single argument")]
    [InlineData("summary {classifier} --all", "'--all'")]
    [InlineData("trace --spec {spec} --steps 3", "'--steps'")]
    [InlineData("bench --size 3", "'--size'")]
    [InlineData("quickstart --epochs 3", "'--epochs'")]
    [InlineData("compare classify --data {yelp} --model lstm", "'--model'")]
    [InlineData("train classify --data {yelp} --model lstn --out m", "'lstn'")]
    [InlineData("train classify --data {yelp} --model lstm --pooling median --out m", "--pooling")]
    [InlineData("train classify --data {yelp} --model lstm --time-limit soon --out m", "--time-limit")]
    [InlineData("train classify --data {yelp} --model lstm --valid-split 1.5 --out m", "--valid-split")]
    [InlineData("train classify --data {yelp} --out m", "--model")]
    [InlineData("train lm --data {shakespeare} --seq-length 0 --out m", "--seq-length")]
    [InlineData("train classify --data {yelp} --model lstm --checkpoint-every 0 --out m", "--checkpoint-every: cannot read '0'")]
    [InlineData("train lm --data {shakespeare} --checkpoint-every soon --out m", "--checkpoint-every: cannot read 'soon'")]
    [InlineData("bench --hidden 0", "--hidden")]
    [InlineData("predict {classifier}", "nothing to classify")]
    [InlineData("train translate --data {phrases} --attention sideways --out m", "--attention")]
    [InlineData("train translate --data {phrases} --model jordan --out m", "'jordan'")]
    [InlineData("train translate --data {phrases} --teacher-forcing 1.5 --out m", "--teacher-forcing")]
    [InlineData("train translate --data {phrases} --teacher-forcing-steps 10 --out m", "--teacher-forcing-decay linear")]
    [InlineData("train translate --data {phrases} --teacher-forcing-k 100 --out m", "--teacher-forcing-decay inverse-sigmoid")]
    [InlineData("train translate --data {phrases} --teacher-forcing-min 0.5 --out m", "--teacher-forcing-decay linear or inverse-sigmoid")]
    [InlineData("train translate --data {phrases} --valid-split 0 --out m", "--valid-split")]
    [InlineData("train translate --data {phrases} --valid {phrases} --valid-split 0.2 --out m", "--valid and --valid-split")]
    [InlineData("train translate --data {phrases} --label-smoothing 1 --out m", "--label-smoothing")]
    [InlineData("train translate --data {phrases} --monitor valid_macro_f1 --out m", "--monitor")]
    [InlineData("train translate --data {phrases} --bidirectional-encoder maybe --out m", "'maybe'")]
    [InlineData("train translate --data {phrases} --attention luong-dot --attention-size 8 --out m", "--attention-size")]
    [InlineData("compare translate --data {phrases} --attention none,sideways --out m", "'sideways'")]
    [InlineData("compare translate --data {phrases} --attention none,none --out m", "listed twice")]
    [InlineData("translate {translator}", "Nothing to translate")]
    [InlineData("translate {translator} hello --beam 0", "--beam")]
    [InlineData("translate {classifier} hello", "needs a translator")]
    [InlineData("translate {lm} hello", "'language_model' model")]
    [InlineData("evaluate {classifier} --data {yelp} --beam 3", "--beam")]
    [InlineData("evaluate {translator} --data {phrases} --format csv", "--format reads labelled data")]
    [InlineData("generate {translator}", "'translation' model")]
    [InlineData("predict {translator} hello", "'translation' model")]
    // files that are not there
    [InlineData("train translate --data missing.tsv --out m", "missing.tsv")]
    [InlineData("train translate --data {phrases} --valid missing.tsv --out m", "missing.tsv")]
    [InlineData("train translate --data {phrases} --target-data missing.txt --out m", "missing.txt")]
    [InlineData("translate {translator} --data missing.txt", "missing.txt")]
    [InlineData("translate no-such-model hello", "no-such-model")]
    [InlineData("train classify --data missing.tsv --model lstm --out m", "missing.tsv")]
    [InlineData("train classify --data {yelp} --valid missing.tsv --model lstm --out m", "missing.tsv")]
    [InlineData("train classify --data {yelp} --pretrained missing.txt --model lstm --out m", "missing.txt")]
    [InlineData("train lm --data missing.txt --out m", "missing.txt")]
    [InlineData("evaluate {classifier} --data missing.tsv", "missing.tsv")]
    [InlineData("predict {classifier} --data missing.txt", "missing.txt")]
    [InlineData("trace --spec missing.json", "missing.json")]
    [InlineData("summary no-such-model", "no-such-model")]
    [InlineData("generate no-such-model", "no-such-model")]
    [InlineData("summary not-a-model", "config.json")]
    // malformed data
    [InlineData("train classify --data bad.tsv --model lstm --out m", "bad.tsv:2")]
    [InlineData("compare classify --data bad.tsv --models rnn", "bad.tsv:2")]
    [InlineData("evaluate {classifier} --data bad.tsv", "bad.tsv:2")]
    [InlineData("predict {classifier} --data bad.tsv --format tsv", "bad.tsv:2")]
    [InlineData("train classify --data bad.jsonl --model lstm --out m", "bad.jsonl:2")]
    [InlineData("train classify --data empty.tsv --model lstm --out m", "empty.tsv")]
    [InlineData("train classify --data {yelp} --pretrained vectors.txt --model lstm --out m", "vectors.txt:2")]
    [InlineData("trace --spec broken.json", "broken.json")]
    [InlineData("train translate --data bad.tsv --out m", "bad.tsv:2")]
    [InlineData("evaluate {translator} --data bad.tsv", "bad.tsv:2")]
    [InlineData("train translate --data {phrases} --target-data {phrases} --out m", "has a tab")]
    public void A_mistake_gives_one_error_line_and_exit_code_2(string commandLine, string named)
    {
        string[] args = commandLine.Split(' ').Select(Resolve).ToArray();
        string message = RnnProcess.FailsWithUsageError(args, scratch.Root);
        Assert.Contains(named, message);
        Assert.False(Directory.Exists(scratch.PathOf("m")), "a failed run must not leave a model directory behind");
    }

    [Theory]
    [InlineData("model.safetensors")]
    [InlineData("config.json")]
    public void A_damaged_model_file_is_named_for_every_command_that_loads_it(string file)
    {
        string copy = scratch.PathOf("damaged");
        TrainedModels.Copy(models.Classifier, copy);
        byte[] bytes = File.ReadAllBytes(Path.Combine(copy, file));
        File.WriteAllBytes(Path.Combine(copy, file), bytes[..(bytes.Length / 10)]);

        foreach (string[] args in new[] { ["summary", copy], ["predict", copy, "hello"], new[] { "evaluate", copy, "--data", BundledData.Yelp } })
            Assert.Contains(file, RnnProcess.FailsWithUsageError(args, scratch.Root));
    }

    [Theory]
    [InlineData("hello", "--jsn")]
    [InlineData("--jsn", "hello")]
    public void An_unknown_flag_among_the_texts_to_predict_is_an_error(string first, string second)
    {
        string message = RnnProcess.FailsWithUsageError(["predict", models.Classifier, first, second], scratch.Root);
        Assert.Contains("'--jsn'", message);
    }

    [Fact]
    public void A_text_that_starts_with_dashes_is_classified_after_a_double_dash()
    {
        var run = RnnProcess.Succeeds(["predict", models.Classifier, "--json", "--", "--not a flag"], scratch.Root);
        Assert.Contains("\"--not a flag\"", run.Output);
    }

    [Theory]
    [InlineData("--temperature", "-1")]
    [InlineData("--top-p", "1.5")]
    [InlineData("--beam", "0")]
    [InlineData("--top-k", "0")]
    [InlineData("--length-penalty", "-1")]
    public void A_bad_generation_value_names_the_flag(string flag, string value)
    {
        string message = RnnProcess.FailsWithUsageError(["generate", models.LanguageModel, flag, value], scratch.Root);
        Assert.Contains(flag, message);
        Assert.Contains(value, message);
    }

    private string Resolve(string word) => word switch
    {
        "{yelp}" => BundledData.Yelp,
        "{shakespeare}" => BundledData.Shakespeare,
        "{classifier}" => models.Classifier,
        "{lm}" => models.LanguageModel,
        "{translator}" => models.Translator,
        "{phrases}" => Translation.TranslationFixture.PhraseBook,
        "{spec}" => BundledData.ExerciseSpecs[0],
        _ => word,
    };
}
