using System.Globalization;
using System.Text;

namespace Registration.HttpBench;

/// <summary>
/// The files through which the steps of a run talk to each other (and the wrk scripts read their pools), all in one
/// folder: ids, tokens, pools of requests that may each be sent once, the note the upload sends.
/// </summary>
internal sealed class BenchData(string dir)
{
    public string Dir { get; } = dir;

    public string Path(string name) => System.IO.Path.Combine(Dir, name);

    public string Read(string name) =>
        File.Exists(Path(name)) ? File.ReadAllText(Path(name)).Trim() : throw new BenchException($"{Path(name)} is missing; run the load first");

    public Guid ReadId(string name) => Guid.Parse(Read(name));

    public void Write(string name, string text) => File.WriteAllText(Path(name), text.EndsWith('\n') ? text : text + "\n");

    public void WriteLines(string name, IEnumerable<string> lines) => File.WriteAllLines(Path(name), lines);

    public string[][] ReadTable(string name) =>
        [.. File.ReadAllLines(Path(name)).Where(l => l.Length > 0).Select(l => l.Split('\t'))];

    /// <summary>A number written with the letters a–z only: names and addresses made unique with it stay valid names.</summary>
    public static string Letters(long number)
    {
        var text = new StringBuilder();
        do
        {
            text.Insert(0, (char)('a' + (number % 26)));
            number /= 26;
        }
        while (number > 0);
        return text.ToString();
    }

    /// <summary>What the standard-14 font of the test PDFs can write: ASCII, diacritics dropped ("Côte" → "Cote").</summary>
    public static string Ascii(string text)
    {
        var folded = new StringBuilder(text.Length);
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            if (c < 128 && CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                folded.Append(c);
            }
        }

        return folded.ToString();
    }
}
