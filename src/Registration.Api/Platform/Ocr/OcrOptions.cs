namespace Registration.Api.Platform.Ocr;

/// <summary>The <c>Ocr</c> configuration section: how scanned notes verbales are read.</summary>
public sealed class OcrOptions
{
    public const string Section = "Ocr";

    /// <summary>False leaves scans unread (<c>ocr-pending</c> is never set): their delegates wait for a confirmation by hand.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The renderer, found on the PATH unless a path is given (Debian's <c>poppler-utils</c>).</summary>
    public string PdftoppmPath { get; set; } = "pdftoppm";

    /// <summary>The reader, found on the PATH unless a path is given (Debian's <c>tesseract-ocr</c>).</summary>
    public string TesseractPath { get; set; } = "tesseract";

    /// <summary>Tesseract's languages, joined by <c>+</c>: the six official languages of the United Nations by default.</summary>
    public string Languages { get; set; } = "eng+fra+spa+rus+ara+chi_sim";

    /// <summary>Resolution pages are rendered at (default 300 dpi, what Tesseract reads best).</summary>
    public int Dpi { get; set; } = 300;

    /// <summary>Most pages of one note that are read (default 10): a note over the limit is read up to it and says so.</summary>
    public int MaxPages { get; set; } = 10;

    /// <summary>Longest that rendering and reading one page may take (default 60 s); the processes are killed then.</summary>
    public double SecondsPerPage { get; set; } = 60;

    /// <summary>Comma-separated waits before each new attempt of a reading that failed (default <c>30,120,600</c>).</summary>
    public string RetryDelaysSeconds { get; set; } = "30,120,600";

    public TimeSpan PageTimeout => TimeSpan.FromSeconds(SecondsPerPage);

    public int[] RetryDelays() =>
        [.. RetryDelaysSeconds.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(int.Parse)];

    public OcrOptions Validate()
    {
        if (MaxPages <= 0 || SecondsPerPage <= 0 || Dpi is < 72 or > 1200)
        {
            throw new InvalidOperationException($"{Section}: MaxPages and SecondsPerPage must be positive and Dpi between 72 and 1200.");
        }

        if (string.IsNullOrWhiteSpace(PdftoppmPath) || string.IsNullOrWhiteSpace(TesseractPath))
        {
            throw new InvalidOperationException($"{Section}: PdftoppmPath and TesseractPath must name programs.");
        }

        if (!System.Text.RegularExpressions.Regex.IsMatch(Languages, "^[A-Za-z_]+(\\+[A-Za-z_]+)*$"))
        {
            throw new InvalidOperationException($"{Section}: Languages is Tesseract's list of languages joined by '+', for example eng+fra.");
        }

        int[] delays;
        try
        {
            delays = RetryDelays();
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"{Section}: RetryDelaysSeconds is a comma-separated list of whole seconds.");
        }

        if (delays.Any(d => d < 0))
        {
            throw new InvalidOperationException($"{Section}: RetryDelaysSeconds cannot hold negative waits.");
        }

        return this;
    }
}
