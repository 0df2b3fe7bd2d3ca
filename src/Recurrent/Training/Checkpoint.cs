using System.Text.Json;
using System.Text.Json.Serialization;
using Recurrent.Layers;
using Recurrent.Serialization;

namespace Recurrent.Training;

/// <summary>
/// Everything needed to continue a stopped run exactly: weights, optimizer buffers, schedules, early-stopping state and
/// best weights, every random generator of the model, the position in the epoch and the history so far.
/// Lives in <c>DIR/checkpoint/</c>; a new checkpoint is written beside it and swapped in by renaming directories,
/// so a crash at any moment leaves one complete checkpoint.
/// </summary>
public sealed class Checkpoint
{
    public const int FormatVersion = 1;
    private const string FolderName = "checkpoint";
    private const string CarriedStateFile = "carried_state.safetensors";

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    /// <summary>True when <paramref name="directory"/> holds a checkpoint to resume from.</summary>
    public static bool Exists(string directory) => Locate(directory) is not null;

    /// <summary>Removes the checkpoint from <paramref name="directory"/> (including a half-written or previous one), so that a new run starts afresh.</summary>
    public static void Delete(string directory)
    {
        foreach (var name in new[] { FolderName, FolderName + ".new", FolderName + ".old" })
        {
            string folder = Path.Combine(directory, name);
            if (System.IO.Directory.Exists(folder)) System.IO.Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Writes a checkpoint of <paramref name="model"/> and the run into <paramref name="directory"/>.</summary>
    /// <param name="directory">the model directory; the checkpoint is its checkpoint/ folder, replaced atomically.</param>
    /// <param name="model">the model whose parameters are saved.</param>
    /// <param name="optimizer">the optimizer whose state (moments, step count, learning rate) is saved.</param>
    /// <param name="earlyStopping">the early-stopping state (best value, best epoch, patience left), or null.</param>
    /// <param name="state">where the run stands: epoch, batch, step, random state, history.</param>
    /// <param name="carriedState">what an <see cref="ICarriedStateTask"/> carries between batches, or null.</param>
    public static void Save(string directory, Module model, Optimizer optimizer, EarlyStopping? earlyStopping, RunState state,
        IReadOnlyDictionary<string, Tensor>? carriedState = null)
    {
        System.IO.Directory.CreateDirectory(directory);
        string final = Path.Combine(directory, FolderName);
        string fresh = final + ".new", old = final + ".old";
        try
        {
            if (System.IO.Directory.Exists(fresh)) System.IO.Directory.Delete(fresh, recursive: true);
            System.IO.Directory.CreateDirectory(fresh);

            StateDict.Save(model, Path.Combine(fresh, "model.safetensors"));
            var optimizerState = optimizer.GetState();
            state.OptimizerKind = optimizerState.Kind;
            state.OptimizerShapes = optimizerState.ParameterShapes.ToList();
            state.OptimizerScalars = new(optimizerState.Scalars);
            SafeTensors.Save(Path.Combine(fresh, "optimizer.safetensors"),
                optimizerState.Buffers.Select(b => KeyValuePair.Create(b.Key, new Tensor(b.Value, b.Value.Length))));
            if (earlyStopping?.BestWeights is { } best)
                SafeTensors.Save(Path.Combine(fresh, "best.safetensors"), best.Select((t, i) => KeyValuePair.Create($"best/{i}", t)));
            if (carriedState is { Count: > 0 }) SafeTensors.Save(Path.Combine(fresh, CarriedStateFile), carriedState);
            state.Rngs = model.NamedRngs().ToDictionary(r => r.Name, r => r.Generator.State);
            AtomicFile.WriteAllText(Path.Combine(fresh, "trainer.json"), JsonSerializer.Serialize(state, Json));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The half-written checkpoint goes, to give back the space it took; the previous one was not touched.
            if (System.IO.Directory.Exists(fresh)) System.IO.Directory.Delete(fresh, recursive: true);
            string kept = Exists(directory)
                ? "The previous checkpoint is intact: free some space, then continue with TrainerOptions.Resume."
                : "No checkpoint had been written yet.";
            throw new IOException($"Cannot write the checkpoint in {directory}: {AtomicFile.FailureReason(e)}. {kept}", e);
        }
        if (System.IO.Directory.Exists(old)) System.IO.Directory.Delete(old, recursive: true);
        if (System.IO.Directory.Exists(final)) System.IO.Directory.Move(final, old);
        System.IO.Directory.Move(fresh, final);
        if (System.IO.Directory.Exists(old)) System.IO.Directory.Delete(old, recursive: true);
    }

    /// <summary>Restores the model, optimizer, early stopping and random generators from <paramref name="directory"/>; returns the run state.</summary>
    public static RunState Load(string directory, Module model, Optimizer optimizer, EarlyStopping? earlyStopping)
    {
        string folder = Locate(directory)
            ?? throw new FileNotFoundException($"There is no checkpoint in {directory} to resume from " +
                                               $"(expected {Path.Combine(directory, FolderName)}/trainer.json). Start without TrainerOptions.Resume.");
        string statePath = Path.Combine(folder, "trainer.json");
        RunState state;
        try
        {
            state = JsonSerializer.Deserialize<RunState>(File.ReadAllText(statePath), Json)
                ?? throw new ModelFormatException(statePath, "the file is empty");
        }
        catch (JsonException e)
        {
            throw new ModelFormatException(statePath, $"not a valid checkpoint state ({e.Message})");
        }
        if (state.FormatVersion > FormatVersion)
            throw new ModelFormatException(statePath,
                $"checkpoint format {state.FormatVersion} is newer than this version reads ({FormatVersion}); resume with a newer Recurrent");

        StateDict.Load(model, Path.Combine(folder, "model.safetensors"));
        var buffers = SafeTensors.Read(Path.Combine(folder, "optimizer.safetensors")).Tensors
            .ToDictionary(t => t.Key, t => t.Value.ReadOnlySpan.ToArray());
        optimizer.LoadState(new OptimizerState
        {
            Kind = state.OptimizerKind, ParameterShapes = state.OptimizerShapes, Buffers = buffers, Scalars = new(state.OptimizerScalars),
        });
        string bestPath = Path.Combine(folder, "best.safetensors");
        if (earlyStopping is not null && File.Exists(bestPath))
        {
            var best = SafeTensors.Read(bestPath).Tensors;
            earlyStopping.LoadBestWeights(Enumerable.Range(0, best.Count).Select(i => best[$"best/{i}"]).ToList());
        }
        foreach (var (name, generator) in model.NamedRngs())
        {
            if (!state.Rngs.TryGetValue(name, out var words))
                throw new ModelFormatException(statePath, $"no state for the random generator '{name}': the checkpoint is of a different model");
            generator.State = words;
        }
        return state;
    }

    /// <summary>The carried state saved with the checkpoint in <paramref name="directory"/>, or null when it has none.</summary>
    public static IReadOnlyDictionary<string, Tensor>? LoadCarriedState(string directory)
    {
        string? folder = Locate(directory);
        string path = folder is null ? "" : Path.Combine(folder, CarriedStateFile);
        return folder is not null && File.Exists(path) ? SafeTensors.Read(path).Tensors : null;
    }

    private static string? Locate(string directory)
    {
        foreach (var name in new[] { FolderName, FolderName + ".old" })
        {
            string folder = Path.Combine(directory, name);
            if (File.Exists(Path.Combine(folder, "trainer.json"))) return folder;
        }
        return null;
    }
}
