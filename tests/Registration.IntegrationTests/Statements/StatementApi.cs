using Registration.IntegrationTests.Infrastructure;

namespace Registration.IntegrationTests.Statements;

/// <summary>The service with small upload limits, so that the size refusals are quick to reach.</summary>
public sealed class StatementApi : ApiFactory
{
    public const long MaxVideoBytes = 1_000_000;
    public const long MaxDocumentBytes = 300_000;

    protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
    {
        ["Statements:MaxVideoBytes"] = MaxVideoBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Statements:MaxDocumentBytes"] = MaxDocumentBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
