package io.castellan.invocation;

/** What woke a process. */
public enum TriggerKind { MANUAL, WEBHOOK, CRON, JMS, EVENT, MESSAGE, ASK, FILE, MCP, A2A }
