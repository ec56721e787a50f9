-- Rewind (issue 16): a key can be removed from a process's state, and its history says so. The
-- removal is a change like any other (its value JSON null, deleted true); nothing is erased.
alter table state_change add column deleted boolean default false not null;
