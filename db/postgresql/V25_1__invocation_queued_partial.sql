-- PostgreSQL only. A process's queue (its QUEUED invocations, oldest first) is looked up at every
-- accept, claim and ending. Through ix_invocation_queue its plan depended on the statistics: taken
-- while many triggers were queued, they led PostgreSQL to read a process's whole history for each
-- lookup (219 pages a call in the throughput benchmark). This index holds the queue alone, so the
-- lookups (which name the status in their text) stay a few pages however long the history.
-- H2 has no partial indexes and keeps using ix_invocation_queue.
create index ix_invocation_queued on invocation (process_name, queued_at, id) where status = 'QUEUED';
