-- Issue 3: a process's conversation buffer, and what every model call consumed and cost.

create sequence conversation_turn_seq start with 1 increment by 50;
create table conversation_turn (
    id             bigint       primary key,
    process_name   varchar(63)  not null,
    invocation_id  varchar(36),
    role           varchar(16)  not null,
    content        text         not null,
    tokens         integer      not null,
    at             timestamp with time zone not null
);
create index ix_conversation_process on conversation_turn (process_name, id);

create sequence model_usage_seq start with 1 increment by 50;
create table model_usage (
    id                  bigint        primary key,
    process_name        varchar(63)   not null,
    invocation_id       varchar(36)   not null,
    at                  timestamp with time zone not null,
    model               varchar(200)  not null,
    input_tokens        bigint        not null,
    output_tokens       bigint        not null,
    cached_tokens       bigint        not null,
    cache_write_tokens  bigint        not null,
    cost_usd            numeric(24,10),
    attempts            integer       not null
);
create index ix_model_usage_process on model_usage (process_name, at);
