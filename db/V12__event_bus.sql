-- The event bus (issue 15): every event published, by a process's publish_event or the API. The
-- broker routes it to the subscribers (diverts on wildcard addresses); routed_at is the outbox's
-- mark: an event committed but not yet handed to the broker has none, and is sent again.
create table bus_event (
    id            varchar(36)  primary key,
    topic         varchar(255) not null,
    payload       text         not null,
    publisher     varchar(200) not null,
    published_at  timestamp with time zone not null,
    routed_at     timestamp with time zone
);
create index ix_bus_event_recent on bus_event (published_at, id);
create index ix_bus_event_topic on bus_event (topic, published_at, id);
create index ix_bus_event_unrouted on bus_event (routed_at, published_at);
-- the invocations an event or a message started, found by its id
create index ix_invocation_ref on invocation (trigger_ref);
