using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Recurrent.Data;
using Recurrent.Recurrence;
using Recurrent.Tensors;
using Recurrent.Text;
using Recurrent.Training;

namespace Recurrent.Tasks.Classification;

/// <summary>
/// Text classification from labelled files to a saved model: read and split the data, build the vocabulary, optionally
/// load pretrained vectors, train the network (or fit a baseline), score the validation data and save the model directory.
/// </summary>
public static class ClassificationTraining
{
    public static ClassificationRun Run(ClassificationTrainingOptions options, ITrainingProgress? progress = null,
        CancellationToken cancellation = default)
    {
        options.Validate();
        var clock = Stopwatch.StartNew();
        return TaskTraining.Run(options.Trainer,
            trainer => Train(options with { Trainer = trainer }, progress ?? SilentProgress.Instance, cancellation, clock));
    }

    /// <summary>Read, split, fit (a network or a baseline) and score; the run and how to save its model.</summary>
    private static (ClassificationRun, Action<string>) Train(ClassificationTrainingOptions options, ITrainingProgress progress,
        CancellationToken cancellation, Stopwatch clock)
    {
        var (read, train, validation) = ReadAndSplit(options, progress);
        var trainTexts = train.Examples.Select(e => e.Text).ToList();
        var trainLabels = train.LabelIndices();
        TextClassificationModel model;
        TrainingResult? training = null;
        CoverageReport? coverage = null;
        switch (options.Baseline)
        {
            case Baseline.TfIdf:
                model = TextClassificationModel.FromBaseline(
                    TfIdfClassifier.Fit(trainTexts, trainLabels, TfIdfFor(options), train.ClassCount),
                    train.Labels);
                break;
            case Baseline.MeanVectors:
                var vectors = LoadVectors(options, progress);
                model = TextClassificationModel.FromBaseline(
                    MeanVectorClassifier.Fit(trainTexts, trainLabels, vectors, new MeanVectorClassifierOptions
                    {
                        Classifier = new LinearClassifierOptions { Epochs = 30, L2 = 0f, Seed = options.Seed },
                    }, train.ClassCount),
                    train.Labels);
                break;
            default:
                (model, training, coverage) = TrainNetwork(options, train, validation, progress, cancellation);
                break;
        }

        ClassificationReport? report = validation.Count == 0
            ? null
            : model.Evaluate(validation.Examples.Select(e => e.Text).ToList(), validation.Examples.Select(e => e.Label).ToList());
        var run = new ClassificationRun(model, training, report, train.Count, validation.Count, DataFormatNames.Of(read.DetectedFormat),
            coverage, clock.Elapsed);
        return (run, path =>
        {
            model.Save(path, Describe(options, run));
            if (report is not null) ClassificationEvaluationFile.Save(path, report);
        });
    }

    /// <summary>The training data and the validation data: given files, a held-out part of the training data, or none.</summary>
    private static (ReadResult Read, LabelledDataset Train, LabelledDataset Validation) ReadAndSplit(
        ClassificationTrainingOptions options, ITrainingProgress progress)
    {
        var read = LabelledTextReader.Read(options.TrainPaths, options.Read);
        progress.Message($"data: {read.Dataset.Count} examples, {read.Dataset.ClassCount} classes, " +
                         $"format {DataFormatNames.Of(read.DetectedFormat)} ({read.FormatReason})");
        if (read.SkippedRows > 0) progress.Message($"skipped {read.SkippedRows} bad rows, e.g. {read.Warnings.FirstOrDefault()}");
        LabelledDataset train, validation;
        if (options.ValidationPaths.Count > 0)
        {
            train = read.Dataset;
            var validationRead = LabelledTextReader.Read(options.ValidationPaths, options.Read);
            validation = new LabelledDataset(validationRead.Dataset.Examples, train.Labels);
        }
        else if (options.ValidationSplit > 0)
        {
            var split = DatasetSplit.TrainValidation(read.Dataset, options.ValidationSplit, options.Seed, options.Stratified);
            (train, validation) = (split.Train, split.Validation);
        }
        else
        {
            (train, validation) = (read.Dataset, new LabelledDataset([], read.Dataset.Labels));
        }
        if (train.ClassCount < 2)
            throw new ArgumentException(
                $"The training data has only {train.ClassCount} label ({string.Join(", ", train.Labels)}); a classifier needs at least two.");
        progress.Message($"split: {train.Count} training, {validation.Count} validation examples");
        return (read, train, validation);
    }

    /// <summary>The pretrained vectors; malformed lines are skipped (and said) when the data's bad rows are.</summary>
    private static PretrainedVectors LoadVectors(ClassificationTrainingOptions options, ITrainingProgress progress)
    {
        var vectors = PretrainedVectors.Load(options.PretrainedVectors!, options.Read.SkipBadRows);
        if (vectors.SkippedLines > 0) progress.Message($"skipped {vectors.SkippedLines} malformed vector lines, e.g. {vectors.FirstSkipped}");
        return vectors;
    }

    private static (TextClassificationModel, TrainingResult, CoverageReport?) TrainNetwork(ClassificationTrainingOptions options,
        LabelledDataset train, LabelledDataset validation, ITrainingProgress progress, CancellationToken cancellation)
    {
        var preprocessing = options.Preprocessing;
        var tokenizer = preprocessing.CreateTokenizer();
        var vocabulary = Vocabulary.Build(train.Examples.Select(e => preprocessing.Tokenize(tokenizer, e.Text)),
            new VocabularyOptions { MinCount = preprocessing.MinCount, MaxSize = preprocessing.MaxVocabulary });
        if (vocabulary.Count <= Vocabulary.UnknownIndex + 1)
        {
            int mostFrequent = train.Examples.SelectMany(e => preprocessing.Tokenize(tokenizer, e.Text))
                .CountBy(token => token).Select(c => c.Value).DefaultIfEmpty(0).Max();
            throw new ArgumentException(
                $"TextPreprocessing.MinCount {preprocessing.MinCount} leaves no token in the vocabulary (only <pad> and <unk>): " +
                "the most frequent token of the training data " +
                $"occurs {mostFrequent:N0} times. Use a TextPreprocessing.MinCount of at most {mostFrequent:N0}.");
        }
        var rng = new Rng(options.Seed);

        PretrainedVectors? vectors = options.PretrainedVectors is null ? null : LoadVectors(options, progress);
        CoverageReport? coverage = null;
        if (vectors is not null)
        {
            coverage = vectors.Coverage(vocabulary);
            progress.Message(coverage.ToString());
            if (options.PretrainedVocabulary == PretrainedVocabulary.All)
            {
                int trainingCount = vocabulary.Count;
                vocabulary = vocabulary.Extend(vectors.Words.Where(word => IsOneToken(preprocessing, tokenizer, word)), preprocessing.MaxVocabulary);
                progress.Message($"vocabulary: {trainingCount:N0} from the training texts + {vocabulary.Count - trainingCount:N0} pretrained words they lack");
            }
        }
        bool concat = options.Model.PretrainedMode == PretrainedMode.Concat;
        var modelOptions = options.Model with
        {
            VocabularySize = vocabulary.Count,
            ClassCount = train.ClassCount,
            EmbeddingDimension = vectors is not null && !concat ? vectors.Dimension : options.Model.EmbeddingDimension,
            PretrainedDimension = concat ? vectors!.Dimension : 0,
        };
        var encode = (LabelledDataset data) => data.Examples.Select(e => preprocessing.Encode(tokenizer, vocabulary, e.Text)).ToList();
        var encodedTrain = encode(train);
        EstimateMemory(modelOptions, options, encodedTrain).Check(
            $"TextClassifierOptions.HiddenSize {modelOptions.HiddenSize}, TextClassifierOptions.NumLayers {modelOptions.NumLayers}, " +
            $"TextClassifierOptions.EmbeddingDimension {modelOptions.EmbeddingDimension + modelOptions.PretrainedDimension}, " +
            $"ClassificationTrainingOptions.BatchSize {options.BatchSize}, TextPreprocessing.MaxLength {preprocessing.MaxLength}; " +
            $"vocabulary {vocabulary.Count:N0}",
            SizeOptions, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes);
        var network = new TextClassifier(modelOptions, rng);
        if (vectors is not null)
        {
            // Concat: a word without a vector gets a zero pretrained part, since fixed random numbers would tell the encoder nothing;
            // its trainable part learns it.
            var matrixOptions = new EmbeddingMatrixOptions { MissingStandardDeviation = concat ? 0f : new EmbeddingMatrixOptions().MissingStandardDeviation };
            network.PretrainedEmbedding.LoadPretrained(vectors.BuildEmbeddingMatrix(vocabulary, rng.Fork(), out _, matrixOptions));
        }
        string embeddingText = concat ? $"embedding {modelOptions.PretrainedDimension} pretrained (frozen) + {modelOptions.EmbeddingDimension} trainable"
            : $"embedding {modelOptions.EmbeddingDimension}";
        string directions = modelOptions.Bidirectional ? $"bidirectional ({modelOptions.Merge}) " : "";
        progress.Message($"model: {RecurrentCells.NameOf(modelOptions.Cell)} {directions}{modelOptions.NumLayers}x{modelOptions.HiddenSize}, " +
                         $"{modelOptions.Pooling} pooling, vocabulary {vocabulary.Count}, {embeddingText}, {network.ParameterCount():N0} parameters");

        var encodedValidation = encode(validation);
        if (encodedValidation.Count > 0) progress.Message(DescribeTokens(encodedValidation, vocabulary, vectors));
        var task = new ClassificationTask(network, encodedTrain, train.LabelIndices(), encodedValidation, validation.LabelIndices(),
            options.BatchSize, options.BucketByLength, options.ClassWeights ? InverseFrequencyWeights(train) : null);
        var result = Trainer.Fit(task, options.Trainer, progress, cancellation);
        network.Eval();
        return (TextClassificationModel.FromNetwork(network, vocabulary, preprocessing, train.Labels), result, coverage);
    }

    private static readonly MemoryEstimate.SizeOptions SizeOptions = new("TextClassifierOptions.HiddenSize",
        "TextClassifierOptions.NumLayers", "ClassificationTrainingOptions.BatchSize", "TextClassifierOptions.EmbeddingDimension");

    /// <summary>
    /// The memory the classifier needs (see <see cref="MemoryEstimate"/>): the embedding table (trainable and frozen parts),
    /// the recurrent stack, the dense layers and the output layer; one batch of the longest training texts.
    /// </summary>
    private static MemoryEstimate EstimateMemory(TextClassifierOptions model, ClassificationTrainingOptions options, IReadOnlyList<int[]> encodedTrain)
    {
        double vocabulary = model.VocabularySize, embedding = model.EmbeddingDimension + model.PretrainedDimension, hidden = model.HiddenSize;
        int directions = model.Bidirectional ? 2 : 1, gates = new RecurrentOptions { Cell = model.Cell }.GateCount;
        double frozen = vocabulary * (model.FreezeEmbeddings ? model.EmbeddingDimension : 0) + vocabulary * model.PretrainedDimension;
        double parameters = vocabulary * embedding - frozen, gateRows = gates * hidden;
        for (int layer = 0; layer < model.NumLayers; layer++)
            parameters += directions * gateRows * ((layer == 0 ? embedding : directions * hidden) + hidden + 2);
        double width = directions * hidden;
        foreach (int dense in model.DenseLayers.Append(model.ClassCount))
        {
            parameters += width * dense + dense;
            width = dense;
        }
        double batch = Math.Min(options.BatchSize, encodedTrain.Count), steps = encodedTrain.Count == 0 ? 1 : encodedTrain.Max(text => text.Length);
        return new MemoryEstimate
        {
            Parameters = parameters,
            FrozenParameters = frozen,
            ActivationFloats = MemoryEstimate.RecurrentActivations(model.Cell, batch, steps, hidden, model.NumLayers, directions) + batch * steps * embedding,
            OptimizerStateFloats = MemoryEstimate.StateFloatsOf(options.Trainer.Optimizer),
            LargestTensor = vocabulary * embedding >= gateRows * Math.Max(embedding, directions * hidden)
                ? (vocabulary, embedding) : (gateRows, Math.Max(embedding, directions * hidden)),
        };
    }

    /// <summary>True when the tokenizer turns <paramref name="word"/> into itself, so that a text can hold it.</summary>
    private static bool IsOneToken(TextPreprocessing preprocessing, ITokenizer tokenizer, string word) =>
        preprocessing.Tokenize(tokenizer, word) is [var token] && token == word;

    /// <summary>"validation tokens: 5.0% unknown, 62.1% with a pretrained vector": what the model meets on unseen text.</summary>
    private static string DescribeTokens(IReadOnlyList<int[]> encoded, Vocabulary vocabulary, PretrainedVectors? vectors)
    {
        long tokens = 0, unknown = 0, covered = 0;
        var hasVector = vectors is null ? null : vocabulary.Tokens.Select(token => vectors.Lookup(token) >= 0).ToArray();
        foreach (var ids in encoded)
            foreach (int id in ids)
            {
                tokens++;
                if (id == Vocabulary.UnknownIndex) unknown++;
                else if (hasVector is not null && hasVector[id]) covered++;
            }
        string text = string.Format(CultureInfo.InvariantCulture, "validation tokens: {0:0.0%} unknown", (double)unknown / tokens);
        return vectors is null ? text
            : text + string.Format(CultureInfo.InvariantCulture, ", {0:0.0%} with a pretrained vector", (double)covered / tokens);
    }

    /// <summary>TF-IDF over words, or over character 1–3-grams of each word when the preprocessing is at character level.</summary>
    private static TfIdfClassifierOptions TfIdfFor(ClassificationTrainingOptions options) => new()
    {
        Features = options.TfIdf with
        {
            Tokenizer = new WordTokenizerOptions { Lowercase = options.Preprocessing.Lowercase },
            CharacterNGrams = options.Preprocessing.Level == TokenLevel.Character ? 3 : null,
        },
        Classifier = new LinearClassifierOptions { Seed = options.Seed },
    };

    /// <summary>w_c = N / (C · n_c), the "balanced" weights of scikit-learn; classes absent from training get weight 0.</summary>
    public static float[] InverseFrequencyWeights(LabelledDataset train)
    {
        var counts = train.ClassCounts();
        return counts.Select(n => n == 0 ? 0f : train.Count / (float)(counts.Length * n)).ToArray();
    }

    private static JsonObject Describe(ClassificationTrainingOptions options, ClassificationRun run)
    {
        var (training, report) = (run.Training, run.Validation);
        var json = new JsonObject
        {
            ["data"] = new JsonArray(options.TrainPaths.Select(p => (JsonNode)JsonValue.Create(Path.GetFullPath(p))!).ToArray()),
            ["train_examples"] = run.TrainCount,
            ["validation_examples"] = run.ValidationCount,
            ["seed"] = options.Seed,
            ["seconds"] = Math.Round(run.Elapsed.TotalSeconds, 1),
        };
        if (options.Baseline == Baseline.TfIdf) json["max_features"] = options.TfIdf.MaxFeatures;
        if (options.Baseline == Baseline.None)
        {
            json["optimizer"] = options.Trainer.Optimizer;
            json["learning_rate"] = options.Trainer.LearningRate;
            json["weight_decay"] = options.Trainer.WeightDecay;
            json["clip_norm"] = options.Trainer.ClipNorm;
            json["clip_value"] = options.Trainer.ClipValue;
            json["lr_schedule"] = options.Trainer.Schedule.ToString().ToLowerInvariant();
            json["warmup_steps"] = options.Trainer.WarmupSteps;
            json["batch_size"] = options.BatchSize;
            json["epochs"] = training?.History.Count ?? 0;
            json["stop_reason"] = training?.StopReason.ToString();
            json["monitor"] = training?.Monitor;
            json["best_epoch"] = training?.BestEpoch;
            json["pretrained_vectors"] = options.PretrainedVectors;
            if (options.PretrainedVectors is not null) json["pretrained_vocabulary"] = options.PretrainedVocabulary.ToString().ToLowerInvariant();
            json["class_weights"] = options.ClassWeights;
        }
        if (report is not null)
        {
            json["validation_accuracy"] = report.Accuracy;
            json["validation_macro_f1"] = report.MacroF1;
            json["validation_loss"] = report.Loss;
        }
        return json;
    }
}
