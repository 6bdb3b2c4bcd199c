using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Orasi.Connectors.Iceberg.Catalog;

/// <summary>
/// The backend and provider connection string of a SQL catalog address: <c>postgresql://user:pass@host:port/db</c>,
/// <c>postgres://…</c>, <c>jdbc:postgresql://…</c> and Npgsql keyword strings (<c>Host=…</c>) select PostgreSQL;
/// <c>sqlite:</c> URIs, bare file paths and <c>Data Source=…</c> strings select SQLite.
/// </summary>
/// <param name="Backend">The database kind.</param>
/// <param name="ConnectionString">The provider connection string (may hold a password; never show it).</param>
/// <param name="Display">A description safe to show in messages (host, port and database; never the password).</param>
/// <param name="Password">The password, if any, to scrub from provider messages.</param>
internal sealed record SqlCatalogTarget(SqlCatalogBackend Backend, string ConnectionString, string Display, string? Password)
{
    /// <summary>Parses a catalog address.</summary>
    /// <param name="address">The URI, connection string or file path.</param>
    /// <returns>The target.</returns>
    /// <exception cref="ValidationFailedException">The address is malformed.</exception>
    public static SqlCatalogTarget Parse(string address)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(address);
        var text = address.Trim();
        if (text.StartsWith("jdbc:", StringComparison.OrdinalIgnoreCase))
        {
            text = text[5..];
        }

        if (text.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase))
        {
            return FromPostgresUri(text);
        }

        if (text.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase))
        {
            // SQLAlchemy style: sqlite:///relative.db, sqlite:////absolute.db; also sqlite:path.db.
            var rest = text[7..];
            var path = rest.StartsWith("///", StringComparison.Ordinal) ? rest[3..] : rest.TrimStart('/');
            if (path.Length == 0 || path == ":memory:")
            {
                throw new ValidationFailedException("The SQLite catalog address has no file path; use sqlite:///path/to/catalog.db or 'Data Source=catalog.db'.");
            }

            return Sqlite(new SqliteConnectionStringBuilder { DataSource = path }.ToString());
        }

        if (!text.Contains('=', StringComparison.Ordinal))
        {
            return Sqlite(new SqliteConnectionStringBuilder { DataSource = text }.ToString());
        }

        DbConnectionStringBuilder keywords;
        try
        {
            keywords = new DbConnectionStringBuilder { ConnectionString = text };
        }
        catch (ArgumentException)
        {
            throw new ValidationFailedException("The SQL catalog connection string is malformed; use 'Data Source=catalog.db', 'Host=…;Database=…' or postgresql://user@host:port/db.");
        }

        if (keywords.ContainsKey("host") || keywords.ContainsKey("server"))
        {
            NpgsqlConnectionStringBuilder builder;
            try
            {
                builder = new NpgsqlConnectionStringBuilder(text);
            }
            catch (ArgumentException ex)
            {
                throw new ValidationFailedException($"The PostgreSQL catalog connection string is not valid ({Scrub(ex.Message, keywords.TryGetValue("password", out var p) ? p as string : null)}); check its keywords.", null);
            }

            return Postgres(builder);
        }

        return Sqlite(text);
    }

    /// <summary>Removes the password from a provider message.</summary>
    /// <param name="message">The message.</param>
    /// <returns>The message without the password.</returns>
    public string Scrub(string message) => Scrub(message, Password);

    private static string Scrub(string message, string? password) =>
        string.IsNullOrEmpty(password) ? message : message.Replace(password, "***", StringComparison.Ordinal);

    private static SqlCatalogTarget Sqlite(string connectionString)
    {
        string source;
        try
        {
            source = new SqliteConnectionStringBuilder(connectionString).DataSource;
        }
        catch (ArgumentException ex)
        {
            throw new ValidationFailedException($"The SQLite catalog connection string is not valid ({ex.Message}); use 'Data Source=catalog.db' or a PostgreSQL URI such as postgresql://user@host:5432/db.", null);
        }

        return new SqlCatalogTarget(SqlCatalogBackend.Sqlite, connectionString, $"SQLite database '{source}'", null);
    }

    private static SqlCatalogTarget Postgres(NpgsqlConnectionStringBuilder builder)
    {
        if (string.IsNullOrWhiteSpace(builder.Host))
        {
            throw new ValidationFailedException("The PostgreSQL catalog address has no host; use postgresql://user:password@host:5432/database.");
        }

        builder.ApplicationName ??= "orasi";
        var database = string.IsNullOrEmpty(builder.Database) ? builder.Username ?? "postgres" : builder.Database;
        var display = string.Create(CultureInfo.InvariantCulture, $"PostgreSQL server {builder.Host}:{builder.Port} (database '{database}')");
        return new SqlCatalogTarget(SqlCatalogBackend.PostgreSql, builder.ConnectionString, display, builder.Password);
    }

    private static SqlCatalogTarget FromPostgresUri(string text)
    {
        var scheme = text[..text.IndexOf("://", StringComparison.Ordinal)];
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            throw new ValidationFailedException($"The PostgreSQL catalog URI '{StripUserInfo(text)}' is malformed; use {scheme}://user:password@host:5432/database.");
        }

        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host.Trim('[', ']'),
            Port = uri.IsDefaultPort || uri.Port <= 0 ? 5432 : uri.Port,
        };
        var database = Uri.UnescapeDataString(uri.AbsolutePath.Trim('/'));
        if (database.Length > 0)
        {
            builder.Database = database;
        }

        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            builder.Username = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            if (colon >= 0)
            {
                builder.Password = Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
            }
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString(eq < 0 ? pair : pair[..eq]);
            var value = eq < 0 ? string.Empty : Uri.UnescapeDataString(pair[(eq + 1)..].Replace('+', ' '));
            var mapped = key.ToLowerInvariant() switch
            {
                "user" => "Username",
                "sslmode" => "SSL Mode",
                "connecttimeout" or "connect_timeout" => "Timeout",
                "application_name" or "applicationname" => "Application Name",
                "currentschema" or "search_path" => "Search Path",
                _ => key,
            };
            try
            {
                builder[mapped] = value;
            }
            catch (Exception ex) when (ex is ArgumentException or FormatException or KeyNotFoundException)
            {
                throw new ValidationFailedException($"The PostgreSQL catalog URI parameter '{key}' is not supported or has an invalid value; remove it or use a Npgsql keyword.", null);
            }
        }

        return Postgres(builder);
    }

    private static string StripUserInfo(string text)
    {
        var start = text.IndexOf("://", StringComparison.Ordinal) + 3;
        var at = text.IndexOf('@', start);
        var slash = text.IndexOf('/', start);
        return at >= 0 && (slash < 0 || at < slash) ? text[..start] + text[(at + 1)..] : text;
    }
}
