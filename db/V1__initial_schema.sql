-- Castellan's schema. Runs on H2 (MODE=LEGACY) and PostgreSQL; keep to their common SQL.

create table agent_process (
    name                  varchar(63)  primary key,
    state                 varchar(16)  not null,
    version               integer      not null,
    active_invocation     varchar(36),
    consecutive_failures  integer      not null,
    created_at            timestamp with time zone not null,
    updated_at            timestamp with time zone not null
);

create table process_version (
    process_name   varchar(63) not null references agent_process (name) on delete cascade,
    version        integer     not null,
    manifest_text  text        not null,
    created_at     timestamp with time zone not null,
    primary key (process_name, version)
);

create table invocation (
    id               varchar(36)  primary key,
    process_name     varchar(63)  not null,
    version          integer,
    status           varchar(16)  not null,
    parked           boolean      not null,
    runner           varchar(200),
    trigger_kind     varchar(16)  not null,
    trigger_ref      varchar(300),
    trigger_payload  text         not null,
    dedup_key        varchar(300),
    reply            text,
    error            text,
    queued_at        timestamp with time zone not null,
    started_at       timestamp with time zone,
    finished_at      timestamp with time zone
);
create unique index ux_invocation_dedup on invocation (process_name, dedup_key);
create index ix_invocation_process on invocation (process_name, queued_at);
create index ix_invocation_status on invocation (status, runner);

create table journal_counter (
    process_name  varchar(63) primary key,
    last_seq      bigint      not null
);

create table journal_entry (
    process_name   varchar(63)  not null,
    seq            bigint       not null,
    at             timestamp with time zone not null,
    type           varchar(32)  not null,
    invocation_id  varchar(36),
    step_key       varchar(80),
    data           text         not null,
    primary key (process_name, seq)
);
-- a step of an invocation is recorded once, whatever redelivery or retry happens
create unique index ux_journal_step on journal_entry (invocation_id, step_key);
create index ix_journal_invocation on journal_entry (invocation_id, seq);

create table state_entry (
    process_name  varchar(63)  not null,
    state_key     varchar(200) not null,
    state_value   text         not null,
    updated_at    timestamp with time zone not null,
    primary key (process_name, state_key)
);

create sequence state_change_seq start with 1 increment by 50;
create table state_change (
    id            bigint       primary key,
    process_name  varchar(63)  not null,
    state_key     varchar(200) not null,
    at            timestamp with time zone not null,
    state_value   text         not null,
    source        varchar(200) not null
);
create index ix_state_change_key on state_change (process_name, state_key, id);

create table api_token (
    name        varchar(100) primary key,
    role        varchar(16)  not null,
    token_hash  varchar(64)  not null,
    created_at  timestamp with time zone not null
);
create unique index ux_api_token_hash on api_token (token_hash);
