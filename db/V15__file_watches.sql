-- File watches (issue 15): what a files trigger last saw of each file it matches, so a change made
-- while the server was down is found at the next start, and a change handed over is not handed
-- over again. A watch's first scan is its baseline: the files there then are not changes.
create table file_watch (
    id            varchar(64)   primary key,
    process_name  varchar(63)   not null,
    pattern       varchar(1000) not null,
    began_at      timestamp with time zone not null
);
create index ix_file_watch_process on file_watch (process_name);
create table file_seen (
    id            varchar(64)   primary key,
    watch_id      varchar(64)   not null,
    process_name  varchar(63)   not null,
    file_path     varchar(4000) not null,
    size_bytes    bigint        not null,
    modified_at   timestamp with time zone not null,
    present       boolean       not null,
    changed_at    timestamp with time zone not null
);
create index ix_file_seen_watch on file_seen (watch_id);
create index ix_file_seen_process on file_seen (process_name);
