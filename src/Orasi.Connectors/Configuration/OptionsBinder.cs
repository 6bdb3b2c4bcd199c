using System.ComponentModel.DataAnnotations;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace Orasi.Connectors.Configuration;

/// <summary>
/// Binds snake_case configuration keys to options properties and validates them, reporting every problem by full key.
/// </summary>
/// <remarks>
/// <para>Key names: <see cref="ConfigurationKeyNameAttribute"/> if present, else the snake_case property name.</para>
/// <para>Supported property types: string, bool, integers, floating point and decimal numbers, enums (snake_case or
/// PascalCase names), <see cref="TimeSpan"/> (seconds or <c>hh:mm:ss</c>), <see cref="Uri"/>, their nullable forms,
/// lists/arrays of those (TOML arrays, or comma-separated text from an environment variable), string dictionaries
/// (a TOML table such as <c>storage_options</c>, nested keys joined with <c>.</c>), and nested option classes.</para>
/// <para>Rules: <see cref="RequiredAttribute"/>, <see cref="RangeAttribute"/> and any other
/// <see cref="ValidationAttribute"/>, then <see cref="IValidatableConnectorOptions.Validate"/> for cross-field rules.
/// Values of secret keys (see <see cref="SecretRedactor"/>) are never echoed in messages.</para>
/// </remarks>
public static class OptionsBinder
{
    private const DynamicallyAccessedMemberTypes BoundMembers =
        DynamicallyAccessedMemberTypes.PublicProperties | DynamicallyAccessedMemberTypes.PublicParameterlessConstructor;

    /// <summary>
    /// Creates <typeparamref name="TOptions"/> from the section <c>connectors:&lt;connectorName&gt;</c>, taking the common
    /// keys (<see cref="ConnectorOptions.CommonKeys"/>) from <c>connector</c> when the connector's section does not set them;
    /// with a null <paramref name="connectorName"/> binds the <c>connector</c> section itself.
    /// </summary>
    /// <typeparam name="TOptions">The options class.</typeparam>
    /// <param name="configuration">The configuration root (or the connector's own section, then without common fallback).</param>
    /// <param name="connectorName">The connector, e.g. <c>deltalake</c>; null for the common section.</param>
    /// <returns>The bound, validated options.</returns>
    /// <exception cref="ConfigurationValidationException">Some value is malformed, missing or out of range; the message lists each key.</exception>
    public static TOptions Bind<[DynamicallyAccessedMembers(BoundMembers)] TOptions>(IConfiguration configuration, string? connectorName)
        where TOptions : class, new()
    {
        var options = new TOptions();
        var errors = BindInto(options, configuration, connectorName);
        if (errors.Count > 0)
        {
            throw new ConfigurationValidationException(errors);
        }

        return options;
    }

    /// <summary>Binds into an existing instance and validates it, returning the problems instead of throwing.</summary>
    /// <param name="target">The options instance to fill.</param>
    /// <param name="configuration">The configuration root (or the connector's own section).</param>
    /// <param name="connectorName">The connector, or null for the common section.</param>
    /// <returns>Every problem found; empty when the options are valid.</returns>
    [UnconditionalSuppressMessage("Trimming", "IL2072", Justification = "Nested option types are reached from annotated roots.")]
    public static IReadOnlyList<ConfigurationError> BindInto(object target, IConfiguration configuration, string? connectorName)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(configuration);

        IConfiguration primary;
        string primaryPath;
        IConfiguration? fallback = null;
        string? expected = connectorName is null
            ? ConfigurationKeyNaming.CommonSection
            : ConfigurationPath.Combine(ConfigurationKeyNaming.ConnectorsSection, connectorName.ToLowerInvariant());

        if (configuration is IConfigurationSection section && section.Path.Equals(expected, StringComparison.OrdinalIgnoreCase))
        {
            primary = section;
            primaryPath = section.Path;
        }
        else
        {
            primary = configuration.GetSection(expected);
            primaryPath = expected;
            if (connectorName is not null)
            {
                fallback = configuration.GetSection(ConfigurationKeyNaming.CommonSection);
            }
        }

        var errors = new List<ConfigurationError>();
        BindObject(target, primary, primaryPath, fallback, errors);
        return errors;
    }

    [UnconditionalSuppressMessage("Trimming", "IL2075", Justification = "Option types are annotated at the public entry points.")]
    [UnconditionalSuppressMessage("Trimming", "IL2072", Justification = "Option types are annotated at the public entry points.")]
    private static void BindObject(object target, IConfiguration primary, string primaryPath, IConfiguration? fallback, List<ConfigurationError> errors)
    {
        int errorsBefore = errors.Count;
        var keyPaths = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (PropertyInfo property in target.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.SetMethod is not { IsPublic: true } || property.GetIndexParameters().Length != 0)
            {
                continue;
            }

            string key = property.GetCustomAttribute<ConfigurationKeyNameAttribute>()?.Name
                ?? ConfigurationKeyNaming.ToSnakeCase(property.Name);
            string path = ConfigurationPath.Combine(primaryPath, key);
            keyPaths[key] = ConfigurationKeyNaming.ToDisplayKey(path);
            BindProperty(target, property, key, primary, path, fallback, keyPaths, errors);
        }

        if (errors.Count == errorsBefore && target is IValidatableConnectorOptions validatable)
        {
            foreach (ConfigurationError error in validatable.Validate())
            {
                string full = keyPaths.TryGetValue(error.Key, out string? p)
                    ? p
                    : ConfigurationKeyNaming.ToDisplayKey(ConfigurationPath.Combine(primaryPath, error.Key));
                errors.Add(error with { Key = full });
            }
        }
    }

    [UnconditionalSuppressMessage("Trimming", "IL2072", Justification = "Option types are annotated at the public entry points.")]
    [UnconditionalSuppressMessage("Trimming", "IL2067", Justification = "Option types are annotated at the public entry points.")]
    private static void BindProperty(
        object target, PropertyInfo property, string key, IConfiguration primary, string path, IConfiguration? fallback,
        Dictionary<string, string> keyPaths, List<ConfigurationError> errors)
    {
        Type type = property.PropertyType;
        string display = ConfigurationKeyNaming.ToDisplayKey(path);
        bool secret = SecretRedactor.IsSecret(key);

        if (TryGetDictionaryType(type, out bool dictionaryIsConcrete))
        {
            IConfigurationSection section = primary.GetSection(key);
            var leaves = section.AsEnumerable(makePathsRelative: true).Where(p => p.Value is not null).ToList();
            if (leaves.Count > 0)
            {
                if (section.Value is not null && !section.GetChildren().Any())
                {
                    errors.Add(new ConfigurationError(display, "must be a table of key/value pairs (in TOML a [table] or { inline = \"table\" }, in the environment a JSON object)"));
                    return;
                }

                var dictionary = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var leaf in leaves)
                {
                    dictionary[leaf.Key.Replace(':', '.')] = leaf.Value!;
                }

                property.SetValue(target, dictionaryIsConcrete ? dictionary : dictionary);
            }

            Validate(target, property, display, secret, errors);
            return;
        }

        if (TryGetListElementType(type, out Type? elementType))
        {
            IConfigurationSection section = primary.GetSection(key);
            var children = section.GetChildren().ToList();
            List<string?> raw;
            if (children.Count > 0)
            {
                raw = children
                    .Select(c => (Index: int.TryParse(c.Key, NumberStyles.None, CultureInfo.InvariantCulture, out int i) ? i : int.MaxValue, c.Value))
                    .OrderBy(c => c.Index)
                    .Select(c => c.Value)
                    .ToList();
            }
            else if (section.Value is { } text)
            {
                raw = text.Length == 0 ? [] : text.Split(',', StringSplitOptions.TrimEntries).Select(s => (string?)s).ToList();
            }
            else
            {
                Validate(target, property, display, secret, errors);
                return;
            }

            var list = (System.Collections.IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(elementType))!;
            for (int i = 0; i < raw.Count; i++)
            {
                if (raw[i] is null || !TryConvert(raw[i]!, elementType, out object? item))
                {
                    errors.Add(new ConfigurationError(
                        $"{display}.{i.ToString(CultureInfo.InvariantCulture)}", Reason(elementType, null, raw[i] ?? "", secret)));
                    continue;
                }

                list.Add(item);
            }

            if (type.IsArray)
            {
                var array = Array.CreateInstance(elementType, list.Count);
                list.CopyTo(array, 0);
                property.SetValue(target, array);
            }
            else
            {
                property.SetValue(target, list);
            }

            Validate(target, property, display, secret, errors);
            return;
        }

        if (IsNestedOptions(type))
        {
            IConfigurationSection section = primary.GetSection(key);
            if (section.GetChildren().Any())
            {
                object nested = property.GetValue(target) ?? Activator.CreateInstance(type)!;
                BindObject(nested, section, path, fallback: null, errors);
                property.SetValue(target, nested);
            }

            Validate(target, property, display, secret, errors);
            return;
        }

        string? value = primary[key];
        if (value is null && fallback is not null && ConnectorOptions.CommonKeys.Contains(key, StringComparer.OrdinalIgnoreCase))
        {
            value = fallback[key];
            if (value is not null)
            {
                display = ConfigurationKeyNaming.ToDisplayKey(ConfigurationPath.Combine(ConfigurationKeyNaming.CommonSection, key));
                keyPaths[key] = display;
            }
        }

        if (value is not null)
        {
            RangeAttribute? range = property.GetCustomAttribute<RangeAttribute>();
            if (!TryConvert(value, type, out object? converted))
            {
                errors.Add(new ConfigurationError(display, Reason(type, range, value, secret)));
                return;
            }

            property.SetValue(target, converted);
        }

        Validate(target, property, display, secret, errors);
    }

    private static void Validate(object target, PropertyInfo property, string display, bool secret, List<ConfigurationError> errors)
    {
        object? value = property.GetValue(target);
        foreach (ValidationAttribute attribute in property.GetCustomAttributes<ValidationAttribute>())
        {
            switch (attribute)
            {
                case RequiredAttribute required:
                    bool missing = value is null
                        || (value is string s && (!required.AllowEmptyStrings ? string.IsNullOrWhiteSpace(s) : false))
                        || (value is System.Collections.ICollection { Count: 0 });
                    if (missing)
                    {
                        errors.Add(new ConfigurationError(display, RequiredReason(display)));
                        return;
                    }

                    break;
                case RangeAttribute range:
                    if (value is not null && !range.IsValid(value))
                    {
                        errors.Add(new ConfigurationError(display, Reason(property.PropertyType, range, Convert.ToString(value, CultureInfo.InvariantCulture) ?? "", secret)));
                        return;
                    }

                    break;
                default:
                    if (!attribute.IsValid(value))
                    {
                        string message = attribute.FormatErrorMessage(display).TrimEnd('.');
                        errors.Add(new ConfigurationError(display, $"is invalid: {message}"));
                        return;
                    }

                    break;
            }
        }
    }

    private static string RequiredReason(string display)
    {
        string? variable = ConfigurationKeyNaming.ToEnvironmentVariable(display.Replace('.', ':'));
        int cut = display.LastIndexOf('.');
        string section = cut > 0 ? display[..cut] : display;
        return variable is null
            ? $"is required; set it in the [{section}] section"
            : $"is required; set it in the [{section}] section of the configuration file or with the {variable} environment variable";
    }

    private static string Reason(Type type, RangeAttribute? range, string value, bool secret)
    {
        string domain = Describe(type, range);
        if (secret)
        {
            return $"must be {domain} (the value is not shown because the key holds a secret)";
        }

        string shown = value.Length > 80 ? value[..77] + "..." : value;
        return $"must be {domain}, got \"{shown}\"";
    }

    internal static string Describe(Type type, RangeAttribute? range)
    {
        Type t = Nullable.GetUnderlyingType(type) ?? type;
        if (t == typeof(bool))
        {
            return "true or false";
        }

        if (t.IsEnum)
        {
            return "one of " + string.Join(", ", Enum.GetNames(t).Select(ConfigurationKeyNaming.ToSnakeCase));
        }

        if (t == typeof(TimeSpan))
        {
            return "a duration in seconds or hh:mm:ss";
        }

        if (t == typeof(Uri))
        {
            return "an absolute URI";
        }

        bool integer = t == typeof(int) || t == typeof(long) || t == typeof(short) || t == typeof(byte)
            || t == typeof(uint) || t == typeof(ulong) || t == typeof(ushort) || t == typeof(sbyte);
        bool number = t == typeof(double) || t == typeof(float) || t == typeof(decimal);
        if (integer || number)
        {
            string noun = integer ? "integer" : "number";
            if (range is null)
            {
                return integer ? "an integer" : "a number";
            }

            double min = Convert.ToDouble(range.Minimum, CultureInfo.InvariantCulture);
            double max = Convert.ToDouble(range.Maximum, CultureInfo.InvariantCulture);
            bool unbounded = max >= int.MaxValue;
            if (unbounded && min == 1 && integer)
            {
                return "a positive integer";
            }

            if (unbounded && min == 0)
            {
                return $"a non-negative {noun}";
            }

            if (unbounded)
            {
                return $"{(integer ? "an" : "a")} {noun} of at least {range.Minimum}";
            }

            return $"{(integer ? "an" : "a")} {noun} between {range.Minimum} and {range.Maximum}";
        }

        return "text";
    }

    internal static bool TryConvert(string raw, Type type, out object? value)
    {
        Type t = Nullable.GetUnderlyingType(type) ?? type;
        string s = raw.Trim();
        value = null;
        if (t == typeof(string) || t == typeof(object))
        {
            value = raw;
            return true;
        }

        if (t == typeof(bool))
        {
            switch (s.ToLowerInvariant())
            {
                case "true" or "1" or "yes" or "on":
                    value = true;
                    return true;
                case "false" or "0" or "no" or "off":
                    value = false;
                    return true;
                default:
                    return false;
            }
        }

        if (t.IsEnum)
        {
            string normalized = s.Replace("_", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
            if (normalized.Length > 0 && !char.IsDigit(normalized[0]) && normalized[0] != '-'
                && Enum.TryParse(t, normalized, ignoreCase: true, out object? parsed) && Enum.IsDefined(t, parsed))
            {
                value = parsed;
                return true;
            }

            return false;
        }

        if (t == typeof(TimeSpan))
        {
            if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds) && seconds >= 0
                && seconds <= TimeSpan.MaxValue.TotalSeconds)
            {
                value = TimeSpan.FromSeconds(seconds);
                return true;
            }

            if (TimeSpan.TryParse(s, CultureInfo.InvariantCulture, out TimeSpan span))
            {
                value = span;
                return true;
            }

            return false;
        }

        if (t == typeof(Uri))
        {
            if (Uri.TryCreate(s, UriKind.Absolute, out Uri? uri))
            {
                value = uri;
                return true;
            }

            return false;
        }

        if (t == typeof(double) || t == typeof(float) || t == typeof(decimal))
        {
            if (t == typeof(decimal))
            {
                if (decimal.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out decimal m))
                {
                    value = m;
                    return true;
                }

                return false;
            }

            if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && double.IsFinite(d))
            {
                value = t == typeof(float) ? (object)(float)d : d;
                return true;
            }

            return false;
        }

        if (t == typeof(ulong))
        {
            if (ulong.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out ulong u))
            {
                value = u;
                return true;
            }

            return false;
        }

        if (t == typeof(int) || t == typeof(long) || t == typeof(short) || t == typeof(byte)
            || t == typeof(uint) || t == typeof(ushort) || t == typeof(sbyte))
        {
            if (!long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out long l))
            {
                return false;
            }

            try
            {
                value = Convert.ChangeType(l, t, CultureInfo.InvariantCulture);
                return true;
            }
            catch (OverflowException)
            {
                return false;
            }
        }

        return false;
    }

    private static bool TryGetDictionaryType(Type type, out bool concrete)
    {
        concrete = type == typeof(Dictionary<string, string>);
        return concrete
            || type == typeof(IDictionary<string, string>)
            || type == typeof(IReadOnlyDictionary<string, string>);
    }

    private static bool TryGetListElementType(Type type, [NotNullWhen(true)] out Type? elementType)
    {
        elementType = null;
        if (type == typeof(string))
        {
            return false;
        }

        if (type.IsArray && type.GetArrayRank() == 1)
        {
            elementType = type.GetElementType();
        }
        else if (type.IsGenericType)
        {
            Type definition = type.GetGenericTypeDefinition();
            if (definition == typeof(List<>) || definition == typeof(IList<>) || definition == typeof(IReadOnlyList<>)
                || definition == typeof(IEnumerable<>) || definition == typeof(ICollection<>) || definition == typeof(IReadOnlyCollection<>))
            {
                elementType = type.GetGenericArguments()[0];
            }
        }

        return elementType is not null && IsScalar(elementType);
    }

    private static bool IsScalar(Type type)
    {
        Type t = Nullable.GetUnderlyingType(type) ?? type;
        return t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(decimal) || t == typeof(TimeSpan) || t == typeof(Uri);
    }

    private static bool IsNestedOptions(Type type) =>
        type.IsClass && !type.IsAbstract && type != typeof(string) && !IsScalar(type) && type.GetConstructor(Type.EmptyTypes) is not null;
}
