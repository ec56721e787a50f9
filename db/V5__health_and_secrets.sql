-- Issue 5: behavioural health reads a process's latest tool calls, replies and alerts by type; scoped secrets.
create index ix_journal_type on journal_entry (process_name, type, seq);

-- Issue 5: scoped secrets, encrypted at rest (AES-GCM; the key is never in the database)
create table process_secret (
    id            varchar(130) primary key,
    process_name  varchar(63)  not null,
    name          varchar(64)  not null,
    ciphertext    text         not null,
    source        varchar(8)   not null,
    set_at        timestamp with time zone not null,
    expires_at    timestamp with time zone
);
create index ix_process_secret_process on process_secret (process_name);
