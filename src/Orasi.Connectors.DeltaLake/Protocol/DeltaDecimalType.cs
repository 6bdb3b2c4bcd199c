using System.Globalization;

namespace Orasi.Connectors.DeltaLake.Protocol;

/// <summary>A fixed-precision decimal, written <c>decimal(p,s)</c>; precision and scale up to 38.</summary>
public sealed record DeltaDecimalType : DeltaDataType
{
    /// <summary>The largest precision Delta allows.</summary>
    public const int MaxPrecision = 38;

    /// <summary>Creates a decimal type.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Precision is outside 1..38 or scale outside 0..precision.</exception>
    public DeltaDecimalType(int precision, int scale)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(precision, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(precision, MaxPrecision);
        ArgumentOutOfRangeException.ThrowIfNegative(scale);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(scale, precision);
        Precision = precision;
        Scale = scale;
    }

    /// <summary>Total number of digits.</summary>
    public int Precision { get; }

    /// <summary>Digits right of the decimal point.</summary>
    public int Scale { get; }

    /// <inheritdoc />
    public override string TypeName => string.Create(CultureInfo.InvariantCulture, $"decimal({Precision},{Scale})");
}
