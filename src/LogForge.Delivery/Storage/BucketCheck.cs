namespace LogForge.Delivery.Storage;

public enum BucketState { Present, Created, Missing }

/// <summary>One bucket the policy names, and what the preflight found or did.</summary>
public sealed record BucketCheck(string Environment, string Bucket, BucketState State);
