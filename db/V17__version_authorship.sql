-- Versions (issue 16): who deployed each version of a process, and why (a reason given with the
-- deploy, or the version a rollback restored). Versions stored before keep both empty.
alter table process_version add column created_by varchar(200);
alter table process_version add column reason varchar(2000);
