-- Issue 18: several servers on one database. Each server holds a lease, a row it renews every
-- two seconds; an invocation whose server's lease has expired is taken over by another server.
create table server_lease (
    runner         varchar(200) primary key,
    started_at     timestamp with time zone not null,
    heartbeat_at   timestamp with time zone not null
);

-- Periodic work that must run on one server of the fleet per period (the health check): the server
-- whose conditional update moves next_at on runs it. A role one server holds until it stops
-- renewing it (watching the files triggers' directories): holder, and next_at as the end of the hold.
create table cluster_job (
    name           varchar(100) primary key,
    next_at        timestamp with time zone not null,
    holder         varchar(200)
);

-- Every server of a fleet must encrypt secrets with the same key: a sample sealed with the key of
-- the first server to start, which each server opens at start to find out whether its key is that one.
create table secrets_key_check (
    id             integer      primary key,
    sample         varchar(200) not null
);
