-- A process's invocations newest first (the API's and the console's listing, page by page): with
-- (process_name, queued_at) alone, H2 read and sorted every invocation of the process to return a
-- page, because the order's tie-breaker (id) was not in the index. With it, a page reads its rows.
drop index ix_invocation_process;
create index ix_invocation_process on invocation (process_name, queued_at, id);
