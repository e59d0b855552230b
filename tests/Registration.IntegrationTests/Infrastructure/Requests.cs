using System.Text.Json.Nodes;

namespace Registration.IntegrationTests.Infrastructure;

/// <summary>Request bodies as JSON objects, so a test can change or remove any member the way a client could.</summary>
public static class Requests
{
    /// <summary>The joint meetings of September 2023 (EMIC-12, IRG-14R, WGAR-17), with a code of the test's choosing.</summary>
    public static JsonObject JointEvent(string code = "UNCAC-2023-09") => new()
    {
        ["code"] = code,
        ["title"] = "Joint meetings of EMIC, IRG and WGAR",
        ["venue"] = "Boardroom B/M1, M-Building, Vienna International Centre, Vienna, Austria",
        ["timeZone"] = "Europe/Vienna",
        ["startDate"] = "2023-09-04",
        ["endDate"] = "2023-09-08",
        ["registrationDeadline"] = "2023-08-21T23:59:59+02:00",
        ["statementDeadline"] = "2023-08-28T23:59:59+02:00",
        ["participationModes"] = new JsonArray("in-person", "online"),
        ["meetings"] = new JsonArray(
            Meeting("EMIC-12", "Twelfth open-ended intergovernmental expert meeting to enhance international cooperation", "CU 2023/227(A)/DTA/CEB/CSS"),
            Meeting("IRG-14R", "Resumed fourteenth session of the Implementation Review Group", "CU 2023/228(A)/DTA/CEB/CSS"),
            Meeting("WGAR-17", "Seventeenth session of the Working Group on Asset Recovery", "CU 2023/229(A)/DTA/CEB/CSS")),
    };

    public static JsonObject Meeting(string code, string title, string? reference = null) => new()
    {
        ["code"] = code,
        ["title"] = title,
        ["reference"] = reference,
    };

    public static JsonObject With(this JsonObject body, string member, JsonNode? value)
    {
        var copy = (JsonObject)body.DeepClone();
        copy[member] = value;
        return copy;
    }
}
