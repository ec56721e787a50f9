-- PostgreSQL only. With statistics taken while few triggers were queued (an idle fleet), PostgreSQL
-- looked up one process's queue through ix_invocation_status (status, runner): every queued
-- invocation of the fleet read and filtered by process. A cron minute of 10,000 processes queues one
-- each: 139 pages and 3.3 ms a lookup, for each claim and ending of that minute. The status index
-- now leaves the queue out (ix_invocation_queued, V25_1, holds it); the queries by status alone name
-- the status in their text, as a partial index needs.
drop index ix_invocation_status;
create index ix_invocation_status on invocation (status, runner) where status <> 'QUEUED';
