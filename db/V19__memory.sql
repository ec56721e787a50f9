-- Long-term memory (issue 16): what a process chose to remember, found again by meaning. Each
-- change is a row of its own (a store; an update, a new row with the same memory_id; a deletion, a
-- row without text), so a fork sees the memories as they were at a point and nothing is erased.
-- The latest row of a memory has latest = true; a memory exists while that row is not deleted.
create sequence memory_row_seq start with 1 increment by 50;
create table memory_row (
    id            bigint       primary key,
    memory_id     varchar(36)  not null,
    process_name  varchar(63)  not null,
    at            timestamp with time zone not null,
    source        varchar(200) not null,
    deleted       boolean      default false not null,
    latest        boolean      default true not null,
    text_content  text,
    tags          text,
    metadata      text,
    embedder      varchar(100),
    -- the embedding: float32 little-endian, normalised to length 1
    embedding     bytea
);
-- a process's current memories, for listing and for building its search index
create index ix_memory_row_current on memory_row (process_name, latest, deleted, id);
-- a memory's rows, for an update or a deletion
create index ix_memory_row_memory on memory_row (memory_id, latest);
-- a fork's point in time
create index ix_memory_row_at on memory_row (process_name, at, id);
