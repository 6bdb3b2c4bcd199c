namespace Orasi.Cli.Tests;
