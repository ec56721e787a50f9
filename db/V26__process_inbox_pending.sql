-- Issue 12: every step transaction of an invocation looked in the process's inbox with a query of
-- its own (one statement of a no-op invocation's 17; a round trip before its first model turn on
-- PostgreSQL). The process row, which that transaction has locked first, now says whether the inbox
-- may hold pending messages: a post sets it under the same lock, a turn that takes the last ones
-- clears it, and a turn that finds it clear does not look.
alter table agent_process add column inbox_pending boolean default false not null;
update agent_process set inbox_pending = true
    where exists (select 1 from inbox_message m where m.process_name = agent_process.name and m.state = 'PENDING');
