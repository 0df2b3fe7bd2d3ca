using System.Globalization;
using System.Text;

namespace Recurrent.Layers;

/// <summary>
/// The parameters of a module as a table, like Keras' <c>model.summary()</c>: one row per parameter
/// (dotted name, shape, number of values, trainable or frozen) and the totals.
/// </summary>
public sealed class ParameterSummary
{
    /// <summary>One parameter tensor.</summary>
    public sealed record Row(string Name, int[] Shape, long Count, bool Trainable);

    /// <summary>Type name of the summarised module.</summary>
    public string ModuleName { get; }

    public IReadOnlyList<Row> Rows { get; }

    public long Total => Trainable + NonTrainable;

    public long Trainable { get; }

    public long NonTrainable { get; }

    private ParameterSummary(string moduleName, IReadOnlyList<Row> rows)
    {
        ModuleName = moduleName;
        Rows = rows;
        Trainable = rows.Where(r => r.Trainable).Sum(r => r.Count);
        NonTrainable = rows.Where(r => !r.Trainable).Sum(r => r.Count);
    }

    public static ParameterSummary Of(Module module) => new(
        module.GetType().Name,
        module.NamedParameters()
            .Select(p => new Row(p.Name, (int[])p.Parameter.Shape.Clone(), p.Parameter.Value.Size, p.Parameter.RequiresGrad))
            .ToList());

    /// <summary>
    /// A plain-text table: name | shape | parameters (frozen rows marked), between rules, then the total,
    /// trainable and non-trainable counts with thousands separators.
    /// </summary>
    public override string ToString()
    {
        const string nameHeader = "Parameter", shapeHeader = "Shape", countHeader = "Parameters";
        var cells = Rows.Select(r => (
            Name: r.Name,
            Shape: Tensor.ShapeText(r.Shape),
            Count: Format(r.Count) + (r.Trainable ? "" : " (frozen)"))).ToList();
        int nameWidth = cells.Select(c => c.Name.Length).Append(nameHeader.Length).Max();
        int shapeWidth = cells.Select(c => c.Shape.Length).Append(shapeHeader.Length).Max();
        int countWidth = cells.Select(c => c.Count.Length).Append(countHeader.Length).Max();
        int width = nameWidth + shapeWidth + countWidth + 6;

        var sb = new StringBuilder();
        sb.Append("Module: ").AppendLine(ModuleName);
        sb.AppendLine(new string('_', width));
        AppendRow(nameHeader, shapeHeader, countHeader);
        sb.AppendLine(new string('=', width));
        foreach (var c in cells) AppendRow(c.Name, c.Shape, c.Count);
        sb.AppendLine(new string('=', width));
        sb.Append("Total parameters: ").AppendLine(Format(Total));
        sb.Append("Trainable parameters: ").AppendLine(Format(Trainable));
        sb.Append("Non-trainable parameters: ").AppendLine(Format(NonTrainable));
        sb.Append(new string('_', width));
        return sb.ToString();

        void AppendRow(string name, string shape, string count) =>
            sb.Append(name.PadRight(nameWidth)).Append(" | ").Append(shape.PadRight(shapeWidth)).Append(" | ").AppendLine(count);
    }

    private static string Format(long count) => count.ToString("N0", CultureInfo.InvariantCulture);
}
