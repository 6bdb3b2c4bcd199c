namespace Orasi.Connectors.Telemetry;

/// <summary>Checks a model before any of it is appended, so a rejected row never leaves columns half written.</summary>
internal static class ModelValidation
{
    /// <summary>Throws when a required string is null.</summary>
    public static void RequireString(string? value, string property, string model)
    {
        if (value is null)
        {
            throw new ArgumentException($"{model}.{property} is null; set it (use an empty string for 'absent').", property);
        }
    }

    /// <summary>Throws when an attribute collection holds a null key or value.</summary>
    public static void RequireAttributes(IEnumerable<KeyValuePair<string, string>>? attributes, string property, string model)
    {
        if (attributes is null)
        {
            return;
        }

        foreach (var entry in attributes)
        {
            if (entry.Key is null || entry.Value is null)
            {
                throw new ArgumentException(
                    $"{model}.{property} holds a null key or value; attribute maps need non-null keys and values (use an empty string).", property);
            }
        }
    }
}
