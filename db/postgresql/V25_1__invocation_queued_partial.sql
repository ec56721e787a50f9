-- PostgreSQL only. A process's queue (its QUEUED invocations, oldest first) is looked up at every
-- accept, claim and ending. With the status bound, its plan depended on the statistics of the
-- moment: taken while many triggers were queued, they once led PostgreSQL to read through each
-- process's history (219 pages a lookup in the throughput benchmark). This index holds the queue
-- alone, so the lookups (which name the status in their text) stay a few pages however long the history.
-- H2 has no partial indexes and keeps using ix_invocation_queue.
create index ix_invocation_queued on invocation (process_name, queued_at, id) where status = 'QUEUED';
