-- Issue 5: autonomy budgets and the notices they send.

-- why Castellan (not an operator) paused, stopped or failed a process, such as 'budget: max_daily_cost'
alter table agent_process add column state_reason varchar(300);

-- what counts against a process's daily limits besides model calls: each invocation started, and
-- each tool call with a cost; one row per (invocation, kind, step), so a replayed step never counts twice
create sequence budget_charge_seq start with 1 increment by 50;
create table budget_charge (
    id             bigint         primary key,
    process_name   varchar(63)    not null,
    invocation_id  varchar(36)    not null,
    kind           varchar(16)    not null,
    step           integer        not null,
    tool           varchar(200),
    cost_usd       numeric(24,10) not null,
    at             timestamp with time zone not null
);
create unique index ux_budget_charge_step on budget_charge (invocation_id, kind, step);
create index ix_budget_charge_process on budget_charge (process_name, kind, at);

-- a warning or an exceeded limit is acted on once per budget day
create table budget_notice (
    process_name  varchar(63)  not null,
    day_start     timestamp with time zone not null,
    limit_name    varchar(64)  not null,
    kind          varchar(16)  not null,
    at            timestamp with time zone not null,
    primary key (process_name, day_start, limit_name, kind)
);

-- signed notices to escalation URLs, delivered and retried with backoff until accepted
create table escalation_notice (
    id               varchar(36)   primary key,
    process_name     varchar(63)   not null,
    url              varchar(2000) not null,
    secret_variable  varchar(200)  not null,
    body             text          not null,
    created_at       timestamp with time zone not null,
    attempts         integer       not null,
    next_attempt_at  timestamp with time zone not null,
    delivered_at     timestamp with time zone,
    last_error       varchar(1000)
);
create index ix_escalation_due on escalation_notice (delivered_at, next_attempt_at);

-- the tokens an invocation has used so far, for max_tokens_per_invocation
create index ix_model_usage_invocation on model_usage (invocation_id);
