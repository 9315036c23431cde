-- How each change of a call ended, where that differs from the call's own outcome: one bulk read of
-- bol.com process statuses answers for up to 1,000 stock updates, some SUCCESS, some still PENDING.
-- NULL: the change ended as the call did (every call before this column, and most calls after it).
ALTER TABLE outbound_call_change ADD COLUMN outcome VARCHAR(32);
