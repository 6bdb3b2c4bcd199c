using System.Collections.Concurrent;
using System.Net;
using Confluent.SchemaRegistry;
using Orasi.Connectors.Kafka.Configuration;

namespace Orasi.Connectors.Kafka.Serialization;

/// <summary>
/// Registers and fetches schemas through Confluent.SchemaRegistry's cached client, applying the subject naming
/// strategy and turning registry refusals into <see cref="SchemaCompatibilityException"/> /
/// <see cref="ConnectionFailedException"/> with one clear sentence.
/// </summary>
public sealed class SchemaRegistryGateway : IDisposable
{
    private readonly ISchemaRegistryClient _client;
    private readonly bool _ownsClient;
    private readonly KafkaSubjectNameStrategy _strategy;
    private readonly bool _autoRegister;
    private readonly ConcurrentDictionary<int, global::Avro.Schema> _avroById = new();
    private readonly ConcurrentDictionary<(string Subject, string Schema), int> _ids = new();

    /// <summary>Wraps an existing client.</summary>
    /// <param name="client">The registry client.</param>
    /// <param name="strategy">Subject naming.</param>
    /// <param name="autoRegister">Register schemas on first use.</param>
    public SchemaRegistryGateway(ISchemaRegistryClient client, KafkaSubjectNameStrategy strategy = KafkaSubjectNameStrategy.Topic, bool autoRegister = true)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _strategy = strategy;
        _autoRegister = autoRegister;
    }

    private SchemaRegistryGateway(ISchemaRegistryClient client, KafkaSubjectNameStrategy strategy, bool autoRegister, bool owns)
        : this(client, strategy, autoRegister) => _ownsClient = owns;

    /// <summary>The underlying client.</summary>
    public ISchemaRegistryClient Client => _client;

    /// <summary>A gateway for the options' <c>schema_registry_url</c>, or null when none is set.</summary>
    /// <param name="options">Kafka options.</param>
    public static SchemaRegistryGateway? Create(KafkaOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.SchemaRegistryUrl))
        {
            return null;
        }

        var config = new SchemaRegistryConfig
        {
            Url = options.SchemaRegistryUrl,
            RequestTimeoutMs = Math.Max(1000, options.TimeoutSeconds * 1000),
        };
        if (!string.IsNullOrEmpty(options.SchemaRegistryBasicAuthUserInfo))
        {
            config.BasicAuthCredentialsSource = AuthCredentialsSource.UserInfo;
            config.BasicAuthUserInfo = options.SchemaRegistryBasicAuthUserInfo;
        }

        return new SchemaRegistryGateway(new CachedSchemaRegistryClient(config), options.SubjectNameStrategy, options.AutoRegisterSchemas, owns: true);
    }

    /// <summary>The subject for <paramref name="topic"/> and a record name under this gateway's strategy.</summary>
    /// <param name="topic">The topic.</param>
    /// <param name="recordFullName">The record's full name.</param>
    public string SubjectFor(string topic, string recordFullName) => SubjectNames.For(_strategy, topic, recordFullName);

    /// <summary>Returns the id of <paramref name="schema"/> under the subject, registering it when allowed.</summary>
    /// <param name="subject">The subject.</param>
    /// <param name="schema">The schema text.</param>
    /// <param name="type">Avro or JSON.</param>
    /// <param name="cancellationToken">Cancels the wait (the HTTP call itself is not cancellable in the client).</param>
    /// <exception cref="SchemaCompatibilityException">The registry refused the schema as incompatible.</exception>
    public async Task<int> GetOrRegisterAsync(string subject, string schema, SchemaType type, CancellationToken cancellationToken = default)
    {
        if (_ids.TryGetValue((subject, schema), out int cached))
        {
            return cached;
        }

        var registrySchema = new Confluent.SchemaRegistry.Schema(schema, type);
        int id;
        try
        {
            id = _autoRegister
                ? await _client.RegisterSchemaAsync(subject, registrySchema).WaitAsync(cancellationToken).ConfigureAwait(false)
                : (await _client.LookupSchemaAsync(subject, registrySchema, ignoreDeletedSchemas: true).WaitAsync(cancellationToken).ConfigureAwait(false)).Id;
        }
        catch (SchemaRegistryException ex) when (ex.Status == HttpStatusCode.Conflict || ex.ErrorCode == 409)
        {
            throw new SchemaCompatibilityException(subject, ex.Message, ex);
        }
        catch (SchemaRegistryException ex) when (ex.Status == HttpStatusCode.NotFound && !_autoRegister)
        {
            throw new ValidationFailedException(
                $"Schema registry subject '{subject}' has no version matching this schema and auto_register_schemas is false; register it first or enable auto registration.", ex);
        }
        catch (SchemaRegistryException ex) when (ex.ErrorCode is 42201 or 422)
        {
            throw new ValidationFailedException($"The schema registry rejected the schema for subject '{subject}' as invalid ({ex.Message}).", ex);
        }
        catch (HttpRequestException ex)
        {
            throw new ConnectionFailedException($"The schema registry could not be reached while registering subject '{subject}' ({ex.Message}); check schema_registry_url.", ex);
        }

        _ids[(subject, schema)] = id;
        return id;
    }

    /// <summary>Checks whether <paramref name="schema"/> would be accepted under <paramref name="subject"/>.</summary>
    /// <param name="subject">The subject.</param>
    /// <param name="schema">The schema text.</param>
    /// <param name="type">Avro or JSON.</param>
    public async Task<bool> IsCompatibleAsync(string subject, string schema, SchemaType type)
    {
        try
        {
            return await _client.IsCompatibleAsync(subject, new Confluent.SchemaRegistry.Schema(schema, type)).ConfigureAwait(false);
        }
        catch (SchemaRegistryException ex) when (ex.Status == HttpStatusCode.NotFound)
        {
            return true;
        }
    }

    /// <summary>The Avro writer schema registered under <paramref name="id"/>.</summary>
    /// <param name="id">The schema id from a record's wire-format header.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    public async Task<global::Avro.Schema> GetAvroSchemaAsync(int id, CancellationToken cancellationToken = default)
    {
        if (_avroById.TryGetValue(id, out var cached))
        {
            return cached;
        }

        Confluent.SchemaRegistry.Schema schema;
        try
        {
            schema = await _client.GetSchemaAsync(id).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (SchemaRegistryException ex) when (ex.Status == HttpStatusCode.NotFound)
        {
            throw new CorruptDataException($"A record names schema id {id}, which the schema registry does not know; the record was written against another registry.", ex);
        }
        catch (HttpRequestException ex)
        {
            throw new ConnectionFailedException($"The schema registry could not be reached while fetching schema id {id} ({ex.Message}); check schema_registry_url.", ex);
        }

        if (schema.SchemaType != SchemaType.Avro)
        {
            throw new CorruptDataException($"Schema id {id} is a {schema.SchemaType} schema, not Avro; check the topic's encoding.");
        }

        var parsed = global::Avro.Schema.Parse(schema.SchemaString);
        _avroById[id] = parsed;
        return parsed;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsClient)
        {
            _client.Dispose();
        }
    }
}
