-- mcp-oauth-jpa schema version 1 for PostgreSQL. Runs in one transaction with the version record, so
-- it applies whole or not at all. Columns ending in _enc hold AES-GCM ciphertext.

CREATE TABLE mcp_oauth_meta (
    meta_key   VARCHAR(64)   NOT NULL PRIMARY KEY,
    meta_value VARCHAR(4000) NOT NULL
);

CREATE TABLE mcp_oauth_server (
    owner             VARCHAR(512)  NOT NULL,
    server_id         VARCHAR(255)  NOT NULL,
    name              VARCHAR(1000) NOT NULL,
    url               VARCHAR(8000) NOT NULL,
    transport         VARCHAR(32)   NOT NULL,
    headers_enc       TEXT,
    callback_url      VARCHAR(8000),
    client_id         VARCHAR(2000),
    client_secret_enc TEXT,
    created_at        TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    CONSTRAINT mcp_oauth_server_pk PRIMARY KEY (owner, server_id)
);

CREATE TABLE mcp_oauth_client_registration (
    owner                  VARCHAR(512)  NOT NULL,
    server_id              VARCHAR(255)  NOT NULL,
    issuer                 VARCHAR(8000),
    authorization_endpoint VARCHAR(8000) NOT NULL,
    token_endpoint         VARCHAR(8000) NOT NULL,
    client_id              VARCHAR(2000) NOT NULL,
    client_secret_enc      TEXT,
    auth_method            VARCHAR(64)   NOT NULL,
    redirect_uri           VARCHAR(8000) NOT NULL,
    resource_uri           VARCHAR(8000),
    created_at             TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    CONSTRAINT mcp_oauth_client_registration_pk PRIMARY KEY (owner, server_id)
);

-- revision changes on every write; a refresh replaces the row only if the revision it read is still there.
CREATE TABLE mcp_oauth_token (
    owner             VARCHAR(512) NOT NULL,
    server_id         VARCHAR(255) NOT NULL,
    access_token_enc  TEXT NOT NULL,
    refresh_token_enc TEXT,
    token_type        VARCHAR(64)  NOT NULL,
    expires_at        TIMESTAMP(6) WITH TIME ZONE,
    scope             VARCHAR(4000),
    issued_at         TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    revision          VARCHAR(36)  NOT NULL,
    CONSTRAINT mcp_oauth_token_pk PRIMARY KEY (owner, server_id)
);

-- The state is a bearer secret: looked up by its SHA-256, kept only encrypted.
CREATE TABLE mcp_oauth_pending_authorization (
    state_hash        VARCHAR(64)   NOT NULL PRIMARY KEY,
    state_enc         TEXT NOT NULL,
    owner             VARCHAR(512)  NOT NULL,
    server_id         VARCHAR(255)  NOT NULL,
    code_verifier_enc TEXT NOT NULL,
    redirect_uri      VARCHAR(8000) NOT NULL,
    resource_uri      VARCHAR(8000),
    scope             VARCHAR(4000),
    issuer            VARCHAR(8000),
    auth_url_enc      TEXT NOT NULL,
    attempt           INTEGER       NOT NULL,
    created_at        TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    expires_at        TIMESTAMP(6) WITH TIME ZONE NOT NULL
);

CREATE INDEX mcp_oauth_pending_server_idx ON mcp_oauth_pending_authorization (owner, server_id);

CREATE INDEX mcp_oauth_pending_expiry_idx ON mcp_oauth_pending_authorization (expires_at);
