using Orasi.Cli.Hosting;

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};

return await OrasiApp.RunAsync(args, CliContext.FromProcess(), cancellation.Token).ConfigureAwait(false);
