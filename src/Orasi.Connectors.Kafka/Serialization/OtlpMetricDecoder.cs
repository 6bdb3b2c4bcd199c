using System.Text.Json;
using Orasi.Connectors.Kafka.Serialization.Columns;
using Orasi.Connectors.Telemetry;

namespace Orasi.Connectors.Kafka.Serialization;

/// <summary>
/// Decodes OTLP-JSON metric export requests straight into the Arrow column builders of <see cref="TelemetrySchemas.Metrics"/>,
/// one row per data point, yielding the rows <see cref="OtlpJsonReader.Metrics"/> and <see cref="MetricBatchBuilder"/> would.
/// A metric's name, unit, type and aggregation are read ahead of its data points, so their order in the object is free.
/// </summary>
internal sealed class OtlpMetricDecoder : OtlpColumnDecoder
{
    private static readonly byte[][] Types = EncodeNames("gauge", "sum", "histogram");
    private static readonly byte[][] Temporalities = EncodeNames("AGGREGATION_TEMPORALITY_UNSPECIFIED", "AGGREGATION_TEMPORALITY_DELTA", "AGGREGATION_TEMPORALITY_CUMULATIVE");

    private readonly MetricColumns _c;
    private byte[] _nameScratch = new byte[64];
    private byte[] _descriptionScratch = new byte[64];
    private byte[] _unitScratch = new byte[64];

    /// <summary>Creates a decoder appending rows to <paramref name="columns"/>.</summary>
    public OtlpMetricDecoder(MetricColumns columns) => _c = columns;

    /// <inheritdoc />
    protected override ReadOnlySpan<byte> ResourceArray => "resourceMetrics"u8;

    /// <inheritdoc />
    protected override ReadOnlySpan<byte> ScopeArray => "scopeMetrics"u8;

    /// <inheritdoc />
    protected override ReadOnlySpan<byte> ItemArray => "metrics"u8;

    /// <inheritdoc />
    protected override void Item(scoped ref Utf8JsonReader r, ReadOnlySpan<byte> json, ReadOnlySpan<byte> scopeName, ReadOnlySpan<byte> scopeVersion)
    {
        ExpectObject(ref r, "metrics");

        // Look ahead: name, description, unit and which body (sum, then histogram, then gauge) with its aggregation.
        ReadOnlySpan<byte> name = default;
        ReadOnlySpan<byte> description = default;
        ReadOnlySpan<byte> unit = default;
        bool hasSum = false;
        bool hasHistogram = false;
        bool hasGauge = false;
        Utf8JsonReader look = r;
        while (Next(ref look) == JsonTokenType.PropertyName)
        {
            ReadOnlySpan<byte> property = look.ValueSpan;
            bool escaped = look.ValueIsEscaped;
            look.Read();
            if (Is(property, escaped, "name"u8))
            {
                name = Str(ref look, ref _nameScratch);
            }
            else if (Is(property, escaped, "description"u8))
            {
                description = Str(ref look, ref _descriptionScratch);
            }
            else if (Is(property, escaped, "unit"u8))
            {
                unit = Str(ref look, ref _unitScratch);
            }
            else
            {
                hasSum |= Is(property, escaped, "sum"u8);
                hasHistogram |= Is(property, escaped, "histogram"u8);
                hasGauge |= Is(property, escaped, "gauge"u8);
                look.Skip();
            }
        }

        ReadOnlySpan<byte> bodyName = hasSum ? "sum"u8 : hasHistogram ? "histogram"u8 : hasGauge ? "gauge"u8 : default;
        if (bodyName.IsEmpty)
        {
            throw new UnsupportedFeatureException(
                $"OTLP-JSON metric '{System.Text.Encoding.UTF8.GetString(name)}' is neither a gauge, sum nor histogram; only those three metric types are supported.");
        }

        int type = hasSum ? 1 : hasHistogram ? 2 : 0;
        while (Next(ref r) == JsonTokenType.PropertyName)
        {
            ReadOnlySpan<byte> property = r.ValueSpan;
            bool escaped = r.ValueIsEscaped;
            r.Read();
            if (Is(property, escaped, bodyName))
            {
                Body(ref r, json, type, name, description, unit, scopeName, scopeVersion);
            }
            else
            {
                r.Skip();
            }
        }
    }

    private void Body(scoped ref Utf8JsonReader r, ReadOnlySpan<byte> json, int type, ReadOnlySpan<byte> name, ReadOnlySpan<byte> description, ReadOnlySpan<byte> unit, ReadOnlySpan<byte> scopeName, ReadOnlySpan<byte> scopeVersion)
    {
        if (r.TokenType != JsonTokenType.StartObject)
        {
            throw Bad("a metric body is not an object");
        }

        int temporality = 0;
        bool? monotonic = null;
        Utf8JsonReader look = r;
        while (Next(ref look) == JsonTokenType.PropertyName)
        {
            ReadOnlySpan<byte> property = look.ValueSpan;
            bool escaped = look.ValueIsEscaped;
            look.Read();
            if (Is(property, escaped, "aggregationTemporality"u8))
            {
                temporality = Int(ref look, "aggregationTemporality");
            }
            else if (Is(property, escaped, "isMonotonic"u8))
            {
                monotonic = look.TokenType switch
                {
                    JsonTokenType.True => true,
                    JsonTokenType.False => false,
                    _ => throw Bad("'isMonotonic' is not a boolean"),
                };
            }
            else
            {
                look.Skip();
            }
        }

        byte[]? temporalityName = null;
        if (type != 0)
        {
            temporalityName = (uint)temporality < (uint)Temporalities.Length ? Temporalities[temporality] : throw Bad($"aggregation temporality {temporality} is not an OTLP value");
        }

        while (Next(ref r) == JsonTokenType.PropertyName)
        {
            ReadOnlySpan<byte> property = r.ValueSpan;
            bool escaped = r.ValueIsEscaped;
            r.Read();
            if (Is(property, escaped, "dataPoints"u8) && r.TokenType == JsonTokenType.StartArray)
            {
                while (Next(ref r) != JsonTokenType.EndArray)
                {
                    Point(ref r, json);
                    MetricColumns c = _c;
                    c.Name.Append(name);
                    c.Description.Append(description);
                    c.Unit.Append(unit);
                    c.Type.Append(Types[type]);
                    c.ScopeName.Append(scopeName);
                    c.ScopeVersion.Append(scopeVersion);
                    c.IsMonotonic.Append(monotonic);
                    c.Temporality.Append(temporalityName);
                    ResourceCache.Entry resource = CurrentResource;
                    c.Service.Append(resource.Service);
                    c.Resource.Keys.AppendConcatenated(resource.KeysBlob, resource.KeyLengths);
                    c.Resource.Values.AppendConcatenated(resource.ValuesBlob, resource.ValueLengths);
                    c.Resource.EndMap();
                }
            }
            else
            {
                r.Skip();
            }
        }
    }

    /// <summary>Appends the per-point columns of one data point.</summary>
    private void Point(scoped ref Utf8JsonReader r, ReadOnlySpan<byte> json)
    {
        ExpectObject(ref r, "dataPoints");
        MetricColumns c = _c;
        long? start = null;
        long time = 0;
        double? asDouble = null;
        long? asInt = null;
        long? count = null;
        double? sum = null;
        double? min = null;
        double? max = null;
        int buckets = -1;
        int bounds = -1;
        while (Next(ref r) == JsonTokenType.PropertyName)
        {
            ReadOnlySpan<byte> property = r.ValueSpan;
            bool escaped = r.ValueIsEscaped;
            r.Read();
            if (Is(property, escaped, "timeUnixNano"u8))
            {
                time = Long(ref r, "timeUnixNano");
            }
            else if (Is(property, escaped, "startTimeUnixNano"u8))
            {
                start = NullableLong(ref r, "startTimeUnixNano");
            }
            else if (Is(property, escaped, "attributes"u8))
            {
                Attributes(ref r, json, c.Attributes);
            }
            else if (Is(property, escaped, "asDouble"u8))
            {
                asDouble = Double(ref r, "asDouble");
            }
            else if (Is(property, escaped, "asInt"u8))
            {
                asInt = NullableLong(ref r, "asInt");
            }
            else if (Is(property, escaped, "count"u8))
            {
                count = NullableLong(ref r, "count");
            }
            else if (Is(property, escaped, "sum"u8))
            {
                sum = Double(ref r, "sum");
            }
            else if (Is(property, escaped, "min"u8))
            {
                min = Double(ref r, "min");
            }
            else if (Is(property, escaped, "max"u8))
            {
                max = Double(ref r, "max");
            }
            else if (Is(property, escaped, "bucketCounts"u8))
            {
                if (buckets >= 0 || r.TokenType != JsonTokenType.StartArray)
                {
                    throw Bad("'bucketCounts' is not a single array");
                }

                buckets = 0;
                while (Next(ref r) != JsonTokenType.EndArray)
                {
                    c.BucketCounts.Items.Append(r.TokenType == JsonTokenType.Null ? throw Bad("'bucketCounts' holds a null") : Long(ref r, "bucketCounts"));
                    buckets++;
                }
            }
            else if (Is(property, escaped, "explicitBounds"u8))
            {
                if (bounds >= 0 || r.TokenType != JsonTokenType.StartArray)
                {
                    throw Bad("'explicitBounds' is not a single array");
                }

                bounds = 0;
                while (Next(ref r) != JsonTokenType.EndArray)
                {
                    c.ExplicitBounds.Items.Append(r.TokenType == JsonTokenType.Number && r.TryGetDouble(out double d) ? d : throw Bad("'explicitBounds' holds a non-number"));
                    bounds++;
                }
            }
            else
            {
                r.Skip();
            }
        }

        if (buckets >= 0 && bounds >= 0 && buckets != bounds + 1)
        {
            throw Bad($"a histogram point has {buckets} bucket counts for {bounds} bounds");
        }

        c.Time.Append(time);
        c.EventDate.Append(TelemetrySchemas.EventDateOf(time));
        c.Start.Append(start);
        c.Value.Append(asDouble ?? asInt);
        c.PointCount.Append(count);
        c.Sum.Append(sum);
        c.Min.Append(min);
        c.Max.Append(max);
        if (buckets >= 0)
        {
            c.BucketCounts.EndList();
        }
        else
        {
            c.BucketCounts.AppendNull();
        }

        if (bounds >= 0)
        {
            c.ExplicitBounds.EndList();
        }
        else
        {
            c.ExplicitBounds.AppendNull();
        }

        c.Attributes.EndMap();
    }

    private long? NullableLong(scoped ref Utf8JsonReader r, string field) => r.TokenType == JsonTokenType.Null ? null : Long(ref r, field);

    private static double? Double(scoped ref Utf8JsonReader r, string field)
    {
        if (r.TokenType != JsonTokenType.Number)
        {
            r.Skip();
            return null;
        }

        return r.TryGetDouble(out double value) ? value : throw Bad($"'{field}' is not a double");
    }
}
