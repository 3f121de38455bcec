-- RFC 9207: remember whether the authorization server always sends iss, so a response without it
-- is refused. Flows started before this version did not record it and stay lenient.
ALTER TABLE mcp_oauth_pending_authorization ADD COLUMN IF NOT EXISTS iss_required BOOLEAN DEFAULT FALSE NOT NULL;
