package org.utbackpack.host.web;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.ConnectionMetaData;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;
import org.utbackpack.host.Host;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * What the host believes of a request's origin. It is served over HTTPS when the host is told so
 * ({@code --https}) or when it comes from the configured proxy ({@code --trusted-proxy ADDRESS}) with
 * {@code X-Forwarded-Proto: https}: such a request gets a Secure session cookie (Jetty sets Secure on cookies
 * of secure requests) and a Strict-Transport-Security header. A request from that proxy also has, as its
 * client address ({@code getRemoteAddr()}, which the sign-in throttle counts by), the address the proxy
 * appended last to {@code X-Forwarded-For}, so clients behind the proxy are not counted as one. The forwarded
 * headers from any other address are ignored.
 */
public final class HttpsCustomizer implements HttpConfiguration.Customizer {

    static final String HSTS = "max-age=31536000; includeSubDomains";

    private final Host.Https https;

    public HttpsCustomizer(Host.Https https) {
        this.https = https;
    }

    @Override
    public Request customize(Request request, HttpFields.Mutable responseHeaders) {
        boolean proxied = https.trustedProxy() != null && https.trustedProxy().equals(Request.getRemoteAddr(request));
        boolean secure = request.isSecure() || https.always()
                || proxied && "https".equalsIgnoreCase(request.getHeaders().get("X-Forwarded-Proto"));
        if (secure) {
            responseHeaders.put("Strict-Transport-Security", HSTS);
        }
        SocketAddress client = proxied ? forwardedClient(request) : null;
        if (secure == request.isSecure() && client == null) {
            return request;
        }
        return new Request.Wrapper(request) {
            @Override
            public boolean isSecure() {
                return secure;
            }

            @Override
            public ConnectionMetaData getConnectionMetaData() {
                ConnectionMetaData connection = super.getConnectionMetaData();
                return client == null ? connection : new ConnectionMetaData.Wrapper(connection) {
                    @Override
                    public SocketAddress getRemoteSocketAddress() {
                        return client;
                    }
                };
            }
        };
    }

    /**
     * The last address in {@code X-Forwarded-For}: the one the proxy itself saw and appended (those before it
     * are what the client sent, and prove nothing). Only an IP address is taken, never a name to look up.
     */
    private static SocketAddress forwardedClient(Request request) {
        List<String> lines = request.getHeaders().getValuesList("X-Forwarded-For");
        if (lines.isEmpty()) {
            return null;
        }
        String line = lines.get(lines.size() - 1);
        String last = line.substring(line.lastIndexOf(',') + 1).trim();
        if (last.startsWith("[") && last.endsWith("]")) {
            last = last.substring(1, last.length() - 1);
        }
        boolean ipv4 = last.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        boolean ipv6 = last.indexOf(':') >= 0 && last.matches("[0-9A-Fa-f:.]+");
        if (!ipv4 && !ipv6) {
            return null;
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(last), 0); // a literal: parsed, not looked up
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
