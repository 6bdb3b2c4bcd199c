using System.Text.Json;

namespace Orasi.Connectors.Formatting;

/// <summary>Converts one non-null JSON value to a fixed-width Arrow value; false when the value does not fit the type.</summary>
internal delegate bool JsonValueParser<T>(JsonElement element, out T value);
