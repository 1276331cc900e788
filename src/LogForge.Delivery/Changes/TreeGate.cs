using LogForge.Delivery.Validation;

namespace LogForge.Delivery.Changes;

/// <summary>Runs the offline validation gate on a tree (a proposal's scratch tree) and returns its report.</summary>
public delegate Task<ValidationReport> TreeGate(string treeRoot, CancellationToken ct);
