-- Issue 12: every transaction that journals locked and updated its process's journal_counter row,
-- while it held (or took) the lock of the process's own row: a lock and an update per transaction
-- (10 of a provider-model invocation's 45 statements). The counter now lives in the process row,
-- so the journal's lock is the process's.
alter table agent_process add column journal_seq bigint default 0 not null;
update agent_process set journal_seq = (select c.last_seq from journal_counter c where c.process_name = agent_process.name)
    where exists (select 1 from journal_counter c where c.process_name = agent_process.name);
-- entries of processes that are gone (a delete removes its journal; only an append racing a delete
-- could leave some): a process deployed again under the name would start its journal at 1 and clash
delete from journal_entry where not exists (select 1 from agent_process p where p.name = journal_entry.process_name);
drop table journal_counter;
