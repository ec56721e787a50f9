-- Issue 15: with an external broker Castellan fans each event out itself, so the server that routes
-- an event must know every event subscription of the fleet at that moment, including one deployed
-- through another server a moment before. A deploy, update or delete that adds or removes an event
-- trigger moves this one row in its own transaction; the relay reads it (by primary key) before each
-- event and reads the subscriptions again when it has moved.
create table subscription_epoch (id integer primary key, epoch bigint not null);
insert into subscription_epoch (id, epoch) values (1, 0);
