namespace Orasi.Connectors.DeltaLake.Protocol;

/// <summary>
/// One action of the Delta transaction log: a line of a commit file or a row of a checkpoint.
/// Every concrete action is an immutable record named after the spec's action.
/// </summary>
public abstract record DeltaAction
{
    /// <summary>The key naming this action in a commit line, such as <c>add</c> or <c>metaData</c>.</summary>
    public abstract string ActionName { get; }
}
