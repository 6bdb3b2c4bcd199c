namespace Orasi.Connectors.Tests;
