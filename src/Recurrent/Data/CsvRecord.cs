namespace Recurrent.Data;

/// <summary>One CSV record: its fields and the line it starts on, or why it is malformed.</summary>
internal readonly record struct CsvRecord(string[] Fields, int Line, string? Error);
