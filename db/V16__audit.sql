-- The audit log (issue 19): one row per management action, refusals included. No foreign key to
-- the process: a record outlives a deleted process. No API changes or deletes a record.
create table audit_record (
    id           varchar(36)   primary key,
    at           timestamp with time zone not null,
    token        varchar(200),
    role         varchar(16),
    entry        varchar(16)   not null,
    method       varchar(16)   not null,
    target       varchar(1000) not null,
    process_name varchar(63),
    status       integer       not null,
    outcome      varchar(16)   not null,
    detail       varchar(1000)
);
create index ix_audit_recent on audit_record (at, id);
create index ix_audit_process on audit_record (process_name, at, id);
create index ix_audit_token on audit_record (token, at, id);
