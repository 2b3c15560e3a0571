using Pulse.Testing.Postgres;

namespace Pulse.Core.Tests;

[CollectionDefinition(PostgresCollection.Name)]
public sealed class PostgresCollectionDefinition : ICollectionFixture<PostgresServerFixture>;
