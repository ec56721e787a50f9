-- The inbox (issue 15): operators' messages to a process, shown to its model at the start of the
-- next turn (of the running invocation, else the next one), highest priority first, each once.
create table inbox_message (
    id                   varchar(36)  primary key,
    process_name         varchar(63)  not null,
    message              text         not null,
    priority             integer      not null,
    sent_by              varchar(200) not null,
    sent_at              timestamp with time zone not null,
    expires_at           timestamp with time zone not null,
    state                varchar(16)  not null,
    delivered_at         timestamp with time zone,
    delivered_invocation varchar(36),
    delivered_turn       integer
);
-- the next turn's question: this process's pending messages, highest priority first
create index ix_inbox_pending on inbox_message (process_name, state, priority, sent_at);
create index ix_inbox_expiry on inbox_message (state, expires_at);
