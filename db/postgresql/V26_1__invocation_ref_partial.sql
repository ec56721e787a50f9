-- PostgreSQL only. ix_invocation_ref (V12) finds the invocations an event started, by the event's
-- id, and nothing else reads it; yet every invocation had an entry in it: a cron tick's holds its
-- expression (a fleet's minute adds thousands of entries of one key), a manual or webhook trigger's
-- a null. Holding only events' invocations, it costs the others one index entry (and WAL record)
-- fewer per insert. The lookup names the kind in its text (Invocations.startedByEvents), since
-- PostgreSQL matches a partial index only against a value it sees when it plans.
-- H2 has no partial indexes and keeps the V12 index.
drop index ix_invocation_ref;
create index ix_invocation_ref on invocation (trigger_ref) where trigger_kind = 'EVENT';
