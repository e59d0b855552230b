using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Registration.Api.Platform.Json;

/// <summary>
/// Every string a request carries is normalised to Unicode NFC where it enters, so that "é" typed as one character or as
/// "e" and a combining accent is stored, compared and made unique the same way.
/// </summary>
internal sealed class NfcStrings : JsonConverter<string>
{
    public override bool HandleNull => false;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var value = reader.GetString();
        try
        {
            return value is null || value.IsNormalized(NormalizationForm.FormC) ? value : value.Normalize(NormalizationForm.FormC);
        }
        catch (ArgumentException)
        {
            // Ill-formed UTF-16 cannot be normalised; the field's validator refuses it with a message naming the field.
            return value;
        }
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}
