-- A test-only second migration: adds a column and fills it, keeping every row.
ALTER TABLE mcp_oauth_server ADD COLUMN note VARCHAR(100);
UPDATE mcp_oauth_server SET note = 'migrated' WHERE note IS NULL;
