-- Issue 5: a process's mission, its progress and its evaluations
create table mission_run (
    process_name     varchar(63)   primary key,
    objective        text          not null,
    started_at       timestamp with time zone not null,
    invocations      integer       not null,
    evaluations      integer       not null,
    status           varchar(16)   not null,
    last_evaluation  text,
    updated_at       timestamp with time zone not null
);
