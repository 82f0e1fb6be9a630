package io.jmreg.server;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.ConnectionMetaData;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The client's address and scheme as the handlers see them: from a trusted proxy's {@code Forwarded} (RFC 7239
 * {@code for=}, {@code proto=}) or else {@code X-Forwarded-For} / {@code X-Forwarded-Proto}; from any other peer the
 * headers are ignored. The address is also left in the {@link #CLIENT} attribute for the access log.
 */
final class ForwardedClient extends Handler.Wrapper {
    /** Request attribute: the client's address (forwarded by a trusted proxy, else the peer's). */
    static final String CLIENT = "io.jmreg.server.client";
    private final TrustedProxies trusted;

    ForwardedClient(TrustedProxies trusted, Handler next) {
        super(next);
        this.trusted = trusted;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String peer = Request.getRemoteAddr(request);
        Request seen = request;
        if (!trusted.isEmpty() && trusted.trusts(peer)) {
            seen = forwarded(request, peer);
        }
        request.setAttribute(CLIENT, Request.getRemoteAddr(seen));
        return super.handle(seen, response, callback);
    }

    private Request forwarded(Request request, String peer) {
        HttpFields headers = request.getHeaders();
        List<String> chain = new ArrayList<>();
        List<String> protos = new ArrayList<>();
        List<String> forwardedValues = headers.getValuesList("Forwarded");
        if (!forwardedValues.isEmpty()) {
            for (String value : forwardedValues) {
                for (String element : value.split(",")) {
                    String forValue = null;
                    String protoValue = null;
                    for (String pair : element.split(";")) {
                        int eq = pair.indexOf('=');
                        if (eq < 0) {
                            continue;
                        }
                        String key = pair.substring(0, eq).strip();
                        String v = unquote(pair.substring(eq + 1).strip());
                        if (key.equalsIgnoreCase("for")) {
                            forValue = v;
                        } else if (key.equalsIgnoreCase("proto")) {
                            protoValue = v;
                        }
                    }
                    chain.add(forValue == null ? "" : forValue);
                    protos.add(protoValue);
                }
            }
        } else {
            for (String value : headers.getValuesList("X-Forwarded-For")) {
                for (String hop : value.split(",")) {
                    chain.add(hop.strip());
                }
            }
            for (String value : headers.getValuesList("X-Forwarded-Proto")) {
                for (String p : value.split(",")) {
                    protos.add(p.strip());
                }
            }
        }
        // from the nearest hop outwards: the first address that is not a trusted proxy is the client
        InetAddress client = null;
        int index = -1;
        for (int i = chain.size() - 1; i >= 0; i--) {
            InetAddress hop = TrustedProxies.literal(stripPort(chain.get(i)));
            if (hop == null) {
                break; // "unknown", an obfuscated name or garbage: nothing further out can be believed
            }
            client = hop;
            index = i;
            if (!trusted.trusts(hop.getHostAddress())) {
                break;
            }
        }
        String proto = protos.isEmpty() ? null
                : protos.get(index >= 0 && index < protos.size() && protos.get(index) != null ? index : 0);
        if (client == null && proto == null) {
            return request;
        }
        SocketAddress remote = client == null ? request.getConnectionMetaData().getRemoteSocketAddress()
                : new InetSocketAddress(client, 0);
        boolean secure = proto == null ? request.isSecure() : proto.equalsIgnoreCase("https");
        ConnectionMetaData meta = new ConnectionMetaData.Wrapper(request.getConnectionMetaData()) {
            @Override
            public SocketAddress getRemoteSocketAddress() {
                return remote;
            }

            @Override
            public boolean isSecure() {
                return secure;
            }
        };
        return new Request.Wrapper(request) {
            @Override
            public ConnectionMetaData getConnectionMetaData() {
                return meta;
            }

            @Override
            public boolean isSecure() {
                return secure;
            }
        };
    }

    private static String unquote(String v) {
        return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
    }

    /** {@code 192.0.2.1:4711} → {@code 192.0.2.1}; {@code [2001:db8::1]:4711} → {@code [2001:db8::1]}. */
    private static String stripPort(String hop) {
        if (hop.startsWith("[")) {
            int end = hop.indexOf(']');
            return end < 0 ? hop : hop.substring(0, end + 1);
        }
        int colon = hop.indexOf(':');
        return colon >= 0 && colon == hop.lastIndexOf(':') ? hop.substring(0, colon) : hop;
    }
}
