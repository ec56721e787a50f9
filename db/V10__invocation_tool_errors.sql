-- How many of an invocation's tool steps ended in an error: an invocation that completed after a
-- failed call is marked "completed with tool errors" where an operator looks first (the list).
ALTER TABLE invocation ADD COLUMN tool_errors INTEGER DEFAULT 0 NOT NULL;
