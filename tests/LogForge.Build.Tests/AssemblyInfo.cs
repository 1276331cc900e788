// Builds set the process-wide Serilog logger while they run, so engine tests run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
