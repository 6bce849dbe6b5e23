using CrisisComms.Testing.Infrastructure;
using Xunit;

namespace CrisisComms.Triage.Tests;

[CollectionDefinition(RealServersCollection.Name)]
public sealed class RealServersDefinition : ICollectionFixture<RealServersFixture>;
