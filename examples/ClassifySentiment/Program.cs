// Text classification with the Recurrent library in a few lines: train a Bi-LSTM on the bundled UCI sentiment
// sentences, evaluate it on held-out data, save it, load it back and predict.
//
//   dotnet run -c Release --project examples/ClassifySentiment
using Recurrent.Recurrence;
using Recurrent.Tasks.Classification;
using Recurrent.Training;

// Run from the repository root, where data/ holds the bundled data sets.
string data = Path.Combine("data", "sentiment_uci");
if (!Directory.Exists(data))
{
    Console.Error.WriteLine($"{Path.GetFullPath(data)} not found: run this example from the repository root.");
    return 2;
}
string modelDirectory = Path.Combine(Path.GetTempPath(), "recurrent-example-sentiment");

var run = ClassificationTraining.Run(new ClassificationTrainingOptions
{
    TrainPaths = new[] { "amazon_cells_labelled.txt", "imdb_labelled.txt", "yelp_labelled.txt" }.Select(f => Path.Combine(data, f)).ToList(),
    ValidationSplit = 0.2,
    Model = new TextClassifierOptions { Cell = CellKind.Lstm, Bidirectional = true, HiddenSize = 64, Pooling = Pooling.Max, Dropout = 0.3f },
    Trainer = new TrainerOptions { Epochs = 5, LearningRate = 2e-3f, ClipNorm = 5f, Monitor = "valid_accuracy", Directory = modelDirectory },
}, new PlainTextProgress(Console.Out));

Console.WriteLine($"validation accuracy {run.Validation!.Accuracy:P1}, macro-F1 {run.Validation.MacroF1:F3}; saved in {modelDirectory}");

var model = TextClassificationModel.Load(modelDirectory);
foreach (var text in new[] { "Great phone, the battery lasts for days.", "The food was cold and the service was rude." })
{
    var prediction = model.Predict(text);
    Console.WriteLine($"{prediction.Label} ({prediction.Probability:P0})  {text}");
}
return 0;
