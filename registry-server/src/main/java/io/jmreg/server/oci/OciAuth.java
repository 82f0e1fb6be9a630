package io.jmreg.server.oci;

import io.jmreg.server.Tokens;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Request;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Who is calling, for the OCI routes: the server's bearer tokens, sent as {@code Authorization: Bearer <token>} or,
 * for clients that log in with a user name and password ({@code skopeo --creds user:token}), as the password of
 * HTTP Basic. The registry token flow works the same way: an unauthenticated request gets 401 with the challenge
 * {@code Bearer realm="<server>/v2/token",service="jmreg"}, the client asks the realm with Basic credentials and
 * receives the very same token back as {@code {"token": ...}}, which it then sends as a bearer token. The user
 * name is not checked: the token alone names the principal, as in the REST API.
 */
final class OciAuth {
    static final String SERVICE = "jmreg";
    static final String TOKEN_PATH = "/v2/token";
    private final Tokens tokens;

    OciAuth(Tokens tokens) {
        this.tokens = tokens;
    }

    /** The holder of the request's token, or 401 with the bearer challenge. */
    Tokens.Holder authenticate(Request request, String scope) {
        String token = token(request);
        if (token == null) {
            throw challenge(request, scope, "authentication required: log in with a token of this server "
                    + "(skopeo --creds <principal>:<token>)");
        }
        return tokens.holder(token).orElseThrow(() -> challenge(request, scope, "the token is not valid"));
    }

    /** The token a request carries (bearer, or the password of Basic), or null. */
    static String token(Request request) {
        String header = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        if (header == null) {
            return null;
        }
        if (header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return header.substring(7).strip();
        }
        if (header.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String pair = new String(Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
                int colon = pair.indexOf(':');
                return colon < 0 ? null : pair.substring(colon + 1);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return null;
    }

    /** The token endpoint's answer for a valid token. */
    static byte[] tokenResponse(String token) {
        String quoted = "\"" + token.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        return ("{\"token\":" + quoted + ",\"access_token\":" + quoted + ",\"expires_in\":3600}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** 401 with {@code WWW-Authenticate: Bearer realm=...,service=...[,scope=...]}. */
    static Unauthorized challenge(Request request, String scope, String message) {
        HttpURI uri = request.getHttpURI();
        String authority = request.getHeaders().get(HttpHeader.HOST);
        if (authority == null || !authority.matches("[A-Za-z0-9.:\\[\\]-]+")) {
            authority = uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
        }
        String realm = (uri.getScheme() == null ? "http" : uri.getScheme()) + "://" + authority + TOKEN_PATH;
        String value = "Bearer realm=\"" + realm + "\",service=\"" + SERVICE + "\""
                + (scope == null ? "" : ",scope=\"" + scope + "\"");
        return new Unauthorized(value, message);
    }

    /** A 401 and the challenge to send with it. */
    static final class Unauthorized extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String challenge;

        Unauthorized(String challenge, String message) {
            super(message, null, false, false);
            this.challenge = challenge;
        }

        String challenge() {
            return challenge;
        }
    }
}
