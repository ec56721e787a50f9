-- Issue 19: each invocation is one trace. The W3C traceparent of its trigger's accept span is kept
-- with it, so that every run of it (a resume after a crash or a wait, on any server) continues
-- that trace. Null when tracing was off at the accept.
alter table invocation add column trace_parent varchar(64);
