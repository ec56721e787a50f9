-- Issue 12: a cron minute's accepts wrote a TRIGGER_RECEIVED journal entry and advanced the process's
-- journal counter for each of 10,000 triggers, a third of the minute's H2 writes. Their invocation
-- rows are the durable accept; the receipt is now journaled in the invocation's claim (or its ending,
-- if it never starts), whose transaction locks and writes the process row anyway. This column says
-- the receipt is still to be written. Invocations accepted before this version have theirs already.
alter table invocation add column receipt_pending boolean default false not null;
