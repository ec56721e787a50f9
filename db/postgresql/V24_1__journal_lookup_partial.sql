-- PostgreSQL only. ix_journal_lookup (V24) need hold only the entries looked up by type; H2 has no
-- partial indexes and keeps a null entry for every other row, PostgreSQL need not.
drop index ix_journal_lookup;
create index ix_journal_lookup on journal_entry (lookup_process) where lookup_process is not null;
