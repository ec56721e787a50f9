-- Issue 12: ix_journal_type (process_name, type, seq) was a quarter of every byte H2 wrote in the
-- throughput benchmark (MVStoreTool's dump of the run's chunks): an invocation's entries of nine
-- types land in nine leaves of it per process, and each commit rewrites every leaf it changed,
-- whole. Of the lookups by type only the health alerts' need an index (they are rare); the others
-- (tool results, completions, every type) find what they want near the end of the process's journal,
-- walking its primary key backwards. lookup_process holds the process's name on the entries looked
-- up by type and null on all others: its index takes each commit's new entries in one leaf.
alter table journal_entry add column lookup_process varchar(63);
update journal_entry set lookup_process = process_name where type = 'HEALTH_ALERT';
create index ix_journal_lookup on journal_entry (lookup_process);
drop index ix_journal_type;
