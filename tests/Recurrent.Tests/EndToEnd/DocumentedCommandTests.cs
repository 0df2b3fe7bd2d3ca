namespace Recurrent.Tests.EndToEnd;

/// <summary>How <see cref="DocumentedCommand"/> finds the command lines of a Markdown page.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class DocumentedCommandTests
{
    private static IReadOnlyList<DocumentedCommand> Read(string markdown) =>
        DocumentedCommand.Read("page.md", markdown.Replace("\r\n", "\n").Split('\n')).ToList();

    [Fact]
    public void A_code_block_gives_each_command_line_without_its_comment_and_with_its_continuation_lines()
    {
        var commands = Read("""
            Text.

            ```sh
            dotnet run -c Release --project src/Recurrent.Cli -- quickstart        # train ~1 minute
            rnn compare classify --data d.tsv --models rnn,tfidf \
                --epochs 6 --lr 0.002
            bench/compare-torch.sh --rounds 3
            dotnet run -c Release --project bench/Recurrent.Bench -- gemm
            rnn train lm --data FILE --out DIR [--level char|word]
                         [--dropout 0] [--tie-weights]
            ```
            """);

        Assert.Equal(["dotnet run -c Release --project src/Recurrent.Cli -- quickstart",
                      "rnn compare classify --data d.tsv --models rnn,tfidf --epochs 6 --lr 0.002",
                      "rnn train lm --data FILE --out DIR [--level char|word] [--dropout 0] [--tie-weights]"],
            commands.Select(c => c.Text));
        Assert.Equal(["page.md:4", "page.md:5", "page.md:9"], commands.Select(c => c.Source));
        Assert.All(commands, c => Assert.False(c.InProse));
    }

    [Fact]
    public void A_block_fenced_as_text_is_output_even_where_a_row_starts_with_rnn()
    {
        var commands = Read("""
            ```sh
            rnn gradient-flow --cells rnn,lstm
            ```

            ```text
            cell      decay per step
            rnn       ×0.645
            ```
            """);

        Assert.Equal(["rnn gradient-flow --cells rnn,lstm"], commands.Select(c => c.Text));
    }

    [Fact]
    public void In_a_block_with_prompts_only_prompted_lines_are_commands_and_the_lines_under_them_their_output()
    {
        var commands = Read("""
            ```
            $ rnn trace --spec bad.json
            error: bad.json: something is wrong.
            ```

            ```
            $ rnn trace --spec examples/exercise-1-1.json

            rnn trace examples/exercise-1-1.json
            ...
            $ rnn trace --spec examples/exercise-1-2.json --json
            {
            ```
            """);

        Assert.Equal(["rnn trace --spec bad.json", "rnn trace --spec examples/exercise-1-1.json", "rnn trace --spec examples/exercise-1-2.json --json"],
            commands.Select(c => c.Text));
        Assert.Equal(["error: bad.json: something is wrong."], commands[0].Output);
        Assert.Equal(["", "rnn trace examples/exercise-1-1.json", "..."], commands[1].Output);
        Assert.Equal(["{"], commands[2].Output);
    }

    [Fact]
    public void Inline_code_in_prose_and_tables_gives_commands_and_a_fragment_is_completed_from_the_full_command_above_it()
    {
        var commands = Read("""
            Continue with `rnn generate models/quickstart --prime "JULIET:"` or a longer `rnn train lm`; `rnn` alone is no command.

            | data | command |
            | --- | --- |
            | SST-2, held out | `rnn train classify --data $D/sst2 --model lstm --epochs 6 --out models/sst2` |
            | SST-2 | `… --model rnn --pooling last` |
            | names | `… --model gru` |
            """);

        Assert.Equal(["rnn generate models/quickstart --prime \"JULIET:\"", "rnn train lm",
                      "rnn train classify --data $D/sst2 --model lstm --epochs 6 --out models/sst2",
                      "rnn train classify --data $D/sst2 --model rnn --pooling last --out models/sst2",
                      "… --model gru"],
            commands.Select(c => c.Text));
        Assert.Equal("… --model rnn --pooling last", commands[3].Documented);
        Assert.All(commands, c => Assert.True(c.InProse));
        Assert.False(DocumentedCommand.IsCommand(commands[4].Text)); // no full command for names above it: left for the coverage test to report
    }
}
