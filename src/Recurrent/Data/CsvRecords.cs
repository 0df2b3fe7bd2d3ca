using System.Text;

namespace Recurrent.Data;

/// <summary>
/// An RFC 4180 record parser: fields separated by commas, records by '\n' or "\r\n"; a quoted field may hold commas,
/// newlines and doubled quotes (""). A quote inside an unquoted field is kept as text. Line numbers count physical
/// lines, so a record after a multi-line field still reports the right line.
/// </summary>
internal static class CsvRecords
{
    public static IEnumerable<CsvRecord> Parse(string content)
    {
        int position = 0, line = 1;
        var field = new StringBuilder();
        while (position < content.Length)
        {
            int recordLine = line;
            var fields = new List<string>();
            string? error = null;
            while (true)
            {
                field.Clear();
                if (position < content.Length && content[position] == '"')
                {
                    int quoteLine = line;
                    position++;
                    bool closed = false;
                    while (position < content.Length)
                    {
                        char c = content[position++];
                        if (c == '"')
                        {
                            if (position < content.Length && content[position] == '"') { field.Append('"'); position++; }
                            else { closed = true; break; }
                        }
                        else
                        {
                            if (c == '\n') line++;
                            field.Append(c);
                        }
                    }
                    if (!closed)
                    {
                        error = $"the quoted field opened on line {quoteLine} is never closed";
                        break;
                    }
                    if (position < content.Length && content[position] == '\r' && (position + 1 == content.Length || content[position + 1] == '\n')) position++;
                    if (position < content.Length && content[position] != ',' && content[position] != '\n')
                    {
                        error = "text follows a closing quote; a quote inside a quoted field must be doubled (\"\")";
                        SkipRestOfLine(content, ref position, ref line);
                        break;
                    }
                }
                else
                {
                    while (position < content.Length && content[position] != ',' && content[position] != '\n') field.Append(content[position++]);
                    if (field.Length > 0 && field[^1] == '\r' && (position == content.Length || content[position] == '\n')) field.Length--;
                }
                fields.Add(field.ToString());
                if (position >= content.Length) break;
                char separator = content[position++];
                if (separator == '\n') { line++; break; }
            }
            yield return new CsvRecord(fields.ToArray(), recordLine, error);
        }
    }

    private static void SkipRestOfLine(string content, ref int position, ref int line)
    {
        int end = content.IndexOf('\n', position);
        position = end < 0 ? content.Length : end + 1;
        if (end >= 0) line++;
    }
}
