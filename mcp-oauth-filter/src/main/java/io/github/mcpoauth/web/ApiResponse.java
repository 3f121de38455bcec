package io.github.mcpoauth.web;

/** A successful API answer: status and JSON body (null: none). */
record ApiResponse(int status, Object body) {

    static ApiResponse ok(Object body) {
        return new ApiResponse(200, body);
    }
}
