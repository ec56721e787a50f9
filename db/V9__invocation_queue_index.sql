-- A process's waiting triggers, oldest first: the accept's "is it busy", the claim's "does an older
-- one wait" and the dispatch of the next all look here, and with thousands queued behind a busy
-- process the (status, runner) index made each of them a scan.
create index ix_invocation_queue on invocation (process_name, status, queued_at, id);
