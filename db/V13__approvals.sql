-- Human approval (issue 15): an invocation that needs a person's yes waits durably (an
-- invocation_wait of kind APPROVAL, without a time: this table's expires_at is the timeout) for
-- one decision. A decision is taken under this row's lock, so a second one finds it decided.
create table approval (
    id             varchar(36)  primary key,
    process_name   varchar(63)  not null,
    invocation_id  varchar(36)  not null,
    step           integer      not null,
    tool           varchar(200),
    summary        text         not null,
    details        text,
    arguments      text,
    state          varchar(16)  not null,
    on_timeout     varchar(8)   not null,
    requested_at   timestamp with time zone not null,
    expires_at     timestamp with time zone not null,
    decided_at     timestamp with time zone,
    decided_by     varchar(200),
    decided_via    varchar(16),
    decision_comment text
);
create index ix_approval_recent on approval (requested_at, id);
create index ix_approval_state on approval (state, requested_at, id);
create index ix_approval_due on approval (state, expires_at);
create index ix_approval_invocation on approval (invocation_id);
create index ix_approval_process on approval (process_name);
