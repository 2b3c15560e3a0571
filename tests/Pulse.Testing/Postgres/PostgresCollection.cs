using Xunit;

namespace Pulse.Testing.Postgres;

/// <summary>The xunit collection that shares one <see cref="PostgresServerFixture"/>; test assemblies declare a class deriving from it.</summary>
public static class PostgresCollection
{
    public const string Name = "PostgreSQL";
}
