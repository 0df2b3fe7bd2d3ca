using System.CommandLine;
using Recurrent.Cli.Classification;
using Recurrent.Cli.LanguageModel;
using Recurrent.Cli.Translation;

namespace Recurrent.Tests.Cli;

/// <summary>Every training command reads the training flags of one declaration: the same names with the same value types.</summary>
public sealed class TrainingFlagSetTests
{
    private static readonly string[] TrainingFlags =
    [
        "--epochs", "--batch-size", "--optimizer", "--lr", "--weight-decay", "--clip", "--clip-value", "--lr-schedule", "--warmup",
        "--early-stopping", "--reduce-lr-on-plateau", "--seed", "--time-limit", "--eval-every", "--checkpoint-every", "--quiet",
        "--layers", "--hidden", "--dropout", "--init", "--recurrent-init", "--forget-bias-one",
    ];

    private static readonly Command[] Commands = [TrainClassifyCommand.Create(), CompareClassifyCommand.Create(), TrainLanguageModelCommand.Create()];

    [Fact]
    public void Train_classify_compare_classify_and_train_lm_declare_each_training_flag_with_one_value_type()
    {
        foreach (string flag in TrainingFlags)
        {
            var types = Commands.Select(command => command.Options.SingleOrDefault(option => option.Name == flag)?.ValueType).ToList();
            Assert.All(types, type => Assert.NotNull(type));
            Assert.Single(types.Distinct());
        }
    }

    [Fact]
    public void Train_translate_and_compare_translate_declare_the_training_flags_with_the_same_value_types()
    {
        // An encoder-decoder takes PyTorch's initialisation: the --init flags of the other commands are not among its flags.
        Command[] translation = [TrainTranslateCommand.Create(), CompareTranslateCommand.Create()];
        foreach (string flag in TrainingFlags.Except(["--init", "--recurrent-init", "--forget-bias-one"]))
        {
            var type = Commands[0].Options.Single(option => option.Name == flag).ValueType;
            Assert.All(translation, command => Assert.Equal(type, command.Options.Single(option => option.Name == flag).ValueType));
        }
        Assert.All(new[] { "--out", "--resume", "--overwrite" }, flag => Assert.Contains(translation[0].Options, option => option.Name == flag));
    }

    [Fact]
    public void The_seed_is_an_unsigned_64_bit_number_and_the_time_limit_a_duration_in_every_training_command()
    {
        foreach (var command in Commands)
        {
            Assert.Equal(typeof(ulong), command.Options.Single(option => option.Name == "--seed").ValueType);
            Assert.Equal(typeof(TimeSpan?), command.Options.Single(option => option.Name == "--time-limit").ValueType);
        }
    }

    [Fact]
    public void A_command_that_saves_one_run_takes_out_resume_and_overwrite()
    {
        foreach (var command in new[] { Commands[0], Commands[2] })
            Assert.All(new[] { "--out", "--resume", "--overwrite" }, flag => Assert.Contains(command.Options, option => option.Name == flag));
    }
}
