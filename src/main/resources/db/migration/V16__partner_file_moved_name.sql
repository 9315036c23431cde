-- "What happened to file X" may name the file as dropped or as archived. The archived name was found
-- by matching the end of moved_to (LIKE '%/name'), which no index serves: every file the partner ever
-- sent was read. The name the file has where it went now has its own column and index.
-- Runs unchanged on H2 and PostgreSQL.
ALTER TABLE partner_file ADD COLUMN moved_name VARCHAR(1000);
UPDATE partner_file SET moved_name = REGEXP_REPLACE(moved_to, '^.*/', '') WHERE moved_to IS NOT NULL;
CREATE INDEX ix_partner_file_moved_name ON partner_file (partner, moved_name);
DROP INDEX ix_partner_file_moved_to;
