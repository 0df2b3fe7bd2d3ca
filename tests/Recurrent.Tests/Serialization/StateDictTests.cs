using Recurrent.Layers;
using Recurrent.Serialization;

namespace Recurrent.Tests.Serialization;

public class StateDictTests
{
    private static TestModel Encoder(int hidden = 4) =>
        new TestModel(("scale", [2])).With("encoder", new TestModel(("weight_ih_l0", [hidden, 3]), ("bias_ih_l0", [hidden])));

    private static void Scramble(Module module)
    {
        foreach (var (_, p) in module.NamedParameters()) p.Value.Span.Fill(-9f);
    }

    [Fact]
    public void Save_then_load_restores_every_parameter()
    {
        using var dir = new TempDirectory();
        var model = new TestModel().With("encoder", new Linear(3, 5, new Rng(1))).With("head", new Linear(5, 2, new Rng(2)));
        var saved = model.NamedParameters().ToDictionary(p => p.Name, p => p.Parameter.Value.Clone());
        StateDict.Save(model, dir.File("w.safetensors"));
        Scramble(model);

        var result = StateDict.Load(model, dir.File("w.safetensors"));

        Assert.Empty(result.MissingNames);
        Assert.Empty(result.UnexpectedNames);
        foreach (var (name, p) in model.NamedParameters()) Assert.Equal(saved[name].Data, p.Value.Data);
    }

    [Fact]
    public void Saved_file_holds_dotted_names_in_parameter_order_and_pt_format_metadata()
    {
        using var dir = new TempDirectory();
        StateDict.Save(Encoder(), dir.File("w.safetensors"), new Dictionary<string, string> { ["epoch"] = "3" });

        var (tensors, metadata) = SafeTensors.Read(dir.File("w.safetensors"));

        Assert.Equal(["scale", "encoder.weight_ih_l0", "encoder.bias_ih_l0"], tensors.Keys);
        Assert.Equal("pt", metadata["format"]);
        Assert.Equal("3", metadata["epoch"]);
    }

    [Fact]
    public void Read_returns_every_tensor_in_file_order()
    {
        using var dir = new TempDirectory();
        var model = Encoder();
        StateDict.Save(model, dir.File("w.safetensors"));

        var tensors = StateDict.Read(dir.File("w.safetensors"));

        Assert.Equal(model.NamedParameters().Select(p => p.Name), tensors.Keys);
        Assert.Equal(model.GetParameter("encoder.weight_ih_l0").Value.Data, tensors["encoder.weight_ih_l0"].Data);
    }

    [Fact]
    public void Strict_load_lists_missing_and_unexpected_names_in_one_error()
    {
        using var dir = new TempDirectory();
        StateDict.Save(new TestModel(("scale", [2]), ("old_head", [3])), dir.File("w.safetensors"));

        var error = Assert.Throws<StateDictMismatchException>(() => StateDict.Load(Encoder(), dir.File("w.safetensors")));

        Assert.Equal(["encoder.weight_ih_l0", "encoder.bias_ih_l0"], error.MissingNames);
        Assert.Equal(["old_head"], error.UnexpectedNames);
        Assert.Contains("missing from the file (2): encoder.weight_ih_l0, encoder.bias_ih_l0", error.Message);
        Assert.Contains("in the file but not in the model (1): old_head", error.Message);
        Assert.StartsWith(dir.File("w.safetensors"), error.Message);
    }

    [Fact]
    public void Shape_mismatch_says_what_the_file_has_and_what_the_model_expects()
    {
        using var dir = new TempDirectory();
        StateDict.Save(new TestModel().With("encoder", new TestModel(("weight_ih_l0", [512, 128]))), dir.File("w.safetensors"));
        var model = new TestModel().With("encoder", new TestModel(("weight_ih_l0", [1024, 128])));

        var error = Assert.Throws<StateDictMismatchException>(() => StateDict.Load(model, dir.File("w.safetensors")));

        Assert.Equal(["encoder.weight_ih_l0: file has [512, 128], model expects [1024, 128]"], error.ShapeMismatches);
        Assert.Contains("encoder.weight_ih_l0: file has [512, 128], model expects [1024, 128]", error.Message);
        Assert.Empty(error.MissingNames);
    }

    [Fact]
    public void Non_strict_load_assigns_what_matches_and_reports_the_rest()
    {
        using var dir = new TempDirectory();
        var source = new TestModel(("scale", [2]), ("old_head", [3]));
        StateDict.Save(source, dir.File("w.safetensors"));
        var model = Encoder();
        var encoderWeight = model.GetParameter("encoder.weight_ih_l0").Value.Clone();

        var result = StateDict.Load(model, dir.File("w.safetensors"), strict: false);

        Assert.Equal(["encoder.weight_ih_l0", "encoder.bias_ih_l0"], result.MissingNames);
        Assert.Equal(["old_head"], result.UnexpectedNames);
        Assert.Equal(source.GetParameter("scale").Value.Data, model.GetParameter("scale").Value.Data);
        Assert.Equal(encoderWeight.Data, model.GetParameter("encoder.weight_ih_l0").Value.Data);
    }

    [Fact]
    public void Non_strict_load_still_rejects_a_shape_mismatch()
    {
        using var dir = new TempDirectory();
        StateDict.Save(Encoder(hidden: 4), dir.File("w.safetensors"));

        var error = Assert.Throws<StateDictMismatchException>(() => StateDict.Load(Encoder(hidden: 8), dir.File("w.safetensors"), strict: false));

        Assert.Equal(
            ["encoder.weight_ih_l0: file has [4, 3], model expects [8, 3]", "encoder.bias_ih_l0: file has [4], model expects [8]"],
            error.ShapeMismatches);
    }

    [Fact]
    public void A_rejected_load_changes_no_parameter()
    {
        using var dir = new TempDirectory();
        StateDict.Save(new TestModel(("scale", [2])).With("encoder", new TestModel(("weight_ih_l0", [4, 3]), ("bias_ih_l0", [5]))), dir.File("w.safetensors"));
        var model = Encoder();
        var before = model.NamedParameters().Select(p => p.Parameter.Value.Clone().Data).ToList();

        Assert.Throws<StateDictMismatchException>(() => StateDict.Load(model, dir.File("w.safetensors")));

        Assert.Equal(before, model.NamedParameters().Select(p => p.Parameter.Value.Data));
    }
}
