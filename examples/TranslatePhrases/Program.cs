// Translation with the Recurrent library in a few lines: train an encoder–decoder with Bahdanau attention on the bundled
// English–German Tatoeba pairs, score it on the held-out sentences, save it, load it back and translate.
//
//   dotnet run -c Release --project examples/TranslatePhrases            # about 5 minutes of training
//   dotnet run -c Release --project examples/TranslatePhrases -- 0.5     # the training budget in minutes
using System.Globalization;
using Recurrent.Tasks.Translation;
using Recurrent.Training;

// Run from the repository root, where data/ holds the bundled data sets.
string data = Path.Combine("data", "translation_eng_deu", "deu_eng_train.txt");
if (!File.Exists(data))
{
    Console.Error.WriteLine($"{Path.GetFullPath(data)} not found: run this example from the repository root.");
    return 2;
}
double minutes = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 5;
string modelDirectory = Path.Combine(Path.GetTempPath(), "recurrent-example-translation");

var run = TranslationTraining.Run(new TranslationTrainingOptions
{
    DataPath = data,                                     // English<TAB>German lines; 10% of the English sentences held out
    Model = new TranslationModelOptions { HiddenSize = 128, EmbeddingDimension = 128, Attention = AttentionKind.Bahdanau },
    Trainer = new TrainerOptions
    {
        Epochs = 10, TimeLimit = TimeSpan.FromMinutes(minutes), ValidateAtStop = true, LearningRate = 2e-3f, ClipNorm = 1f,
        Directory = modelDirectory, Overwrite = true,
    },
}, new PlainTextProgress(Console.Out));

var scores = run.Validation!.Scores!;
Console.WriteLine($"held-out BLEU {scores.Bleu.Score:F1} (greedy), chrF {scores.ChrF.Score:F1}; saved in {modelDirectory}");

var translator = Translator.Load(modelDirectory);
foreach (var translation in translator.Translate(["Hello!", "I am hungry.", "Where is the station?"], new TranslationSearchOptions { BeamWidth = 5 }))
    Console.WriteLine($"{translation.Source}  →  {translation.Text}");
return 0;
