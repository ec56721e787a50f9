-- Issue 18: on several servers a process's memory index must learn of the rows other servers write,
-- in the order they committed. Row ids cannot tell it (each server draws ids in blocks of 50); the
-- process's journal sequence can: every store, update and delete journals in the same transaction,
-- under the journal's lock, so its entry's sequence number orders the writes as they committed.
-- Rows written before this (null) are older than any that has one, among themselves by id.
alter table memory_row add column journal_seq bigint;
create index ix_memory_row_journal on memory_row (process_name, journal_seq);
