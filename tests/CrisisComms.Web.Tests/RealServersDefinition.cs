using CrisisComms.Testing.Infrastructure;
using Xunit;

namespace CrisisComms.Web.Tests;

[CollectionDefinition(RealServersCollection.Name)]
public sealed class RealServersDefinition : ICollectionFixture<RealServersFixture>;
