-- Issue 12: durable waits. An invocation that waits for something other than a call in progress
-- (a time now; approvals, answers and child invocations later) is WAITING: no thread, session or
-- connection holds it, only this row, until its event resolves it and a wake-up resumes it.
create table invocation_wait (
    id             varchar(60)  primary key,
    invocation_id  varchar(36)  not null,
    process_name   varchar(63)  not null,
    step           integer      not null,
    kind           varchar(16)  not null,
    wake_at        timestamp with time zone,
    event_key      varchar(300),
    pending        boolean      not null,
    outcome        text,
    created_at     timestamp with time zone not null,
    resolved_at    timestamp with time zone
);
-- the timer's question: which pending time waits are due
create index ix_wait_due on invocation_wait (pending, wake_at);
create index ix_wait_invocation on invocation_wait (invocation_id);
create index ix_wait_process on invocation_wait (process_name);
