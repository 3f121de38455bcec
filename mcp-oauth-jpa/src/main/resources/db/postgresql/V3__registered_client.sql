-- One dynamically registered client per authorization server and client metadata, shared by every
-- owner's server (RFC 7591), with what RFC 7592 needs to delete it when no server uses it any more.
CREATE TABLE mcp_oauth_registered_client (
    registration_key              VARCHAR(128)  NOT NULL,
    issuer                        VARCHAR(8000) NOT NULL,
    client_id                     VARCHAR(2000) NOT NULL,
    client_secret_enc             TEXT,
    auth_method                   VARCHAR(64)   NOT NULL,
    registration_access_token_enc TEXT,
    registration_client_uri       VARCHAR(8000),
    created_at                    TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    CONSTRAINT mcp_oauth_registered_client_pk PRIMARY KEY (registration_key)
);
CREATE INDEX mcp_oauth_registered_client_id ON mcp_oauth_registered_client (client_id);
-- "is this client still used by a server?" is asked when a server is removed
CREATE INDEX mcp_oauth_client_registration_client ON mcp_oauth_client_registration (client_id);
