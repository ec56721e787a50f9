-- Issue 12: cron triggers as rows with their next fire time, driven by one timer per server,
-- instead of one persistent EJB timer each (finding a process's timers meant scanning them all).
create table cron_schedule (
    id             varchar(80)  primary key,
    process_name   varchar(63)  not null,
    idx            integer      not null,
    version        integer      not null,
    expression     varchar(200) not null,
    timezone       varchar(64)  not null,
    next_fire_at   timestamp with time zone not null
);
create index ix_cron_due on cron_schedule (next_fire_at);
create index ix_cron_process on cron_schedule (process_name);

-- A process's other timed actions (the end of its budget day, its mission's max_duration, a
-- restart after its backoff), one row per kind and process, fired by one timer per server.
create table process_alarm (
    id             varchar(100) primary key,
    kind           varchar(32)  not null,
    process_name   varchar(63)  not null,
    due_at         timestamp with time zone not null,
    data           varchar(200)
);
create index ix_alarm_due on process_alarm (due_at);
create index ix_alarm_process on process_alarm (process_name);
