-- Issue 4: cancelling a running invocation, coalescing waiting triggers, the supervisor's restarts.

alter table invocation add column cancel_requested boolean default false not null;
-- the triggers merged into this invocation (JSON array), when its process coalesces
alter table invocation add column coalesced text;
-- consecutive restarts by the supervisor; reset by a completed invocation
alter table agent_process add column restarts integer default 0 not null;
