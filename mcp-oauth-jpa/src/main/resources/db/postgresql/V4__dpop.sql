-- RFC 9449 (DPoP): the private key a token set is bound to, encrypted like the tokens, and the
-- proof algorithm an authorization in progress will make its key for. Null: no DPoP.
ALTER TABLE mcp_oauth_token ADD COLUMN dpop_key_enc TEXT;
ALTER TABLE mcp_oauth_pending_authorization ADD COLUMN dpop_alg VARCHAR(16);
