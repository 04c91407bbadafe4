// Each test runs real PostgreSQL and Patroni processes: one at a time, on a 2-core machine.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
