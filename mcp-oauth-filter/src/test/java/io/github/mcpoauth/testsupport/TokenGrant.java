package io.github.mcpoauth.testsupport;

/** The outcome of a successful token request: an access token and, optionally, a refresh token. */
record TokenGrant(IssuedToken accessToken, String refreshToken) {
}
