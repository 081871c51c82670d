package org.utbackpack.host.web;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;
import org.utbackpack.host.Host;

/**
 * Marks a request as served over HTTPS when the host is told so ({@code --https}) or when it comes from
 * the configured proxy ({@code --trusted-proxy ADDRESS}) with {@code X-Forwarded-Proto: https}. Such a
 * request gets a Secure session cookie (Jetty sets Secure on cookies of secure requests) and a
 * Strict-Transport-Security header. The forwarded header from any other address is ignored.
 */
public final class HttpsCustomizer implements HttpConfiguration.Customizer {

    static final String HSTS = "max-age=31536000; includeSubDomains";

    private final Host.Https https;

    public HttpsCustomizer(Host.Https https) {
        this.https = https;
    }

    @Override
    public Request customize(Request request, HttpFields.Mutable responseHeaders) {
        if (request.isSecure()) {
            responseHeaders.put("Strict-Transport-Security", HSTS);
            return request;
        }
        if (!https.always() && !fromTrustedProxy(request)) {
            return request;
        }
        responseHeaders.put("Strict-Transport-Security", HSTS);
        return new Request.Wrapper(request) {
            @Override
            public boolean isSecure() {
                return true;
            }
        };
    }

    private boolean fromTrustedProxy(Request request) {
        return https.trustedProxy() != null && https.trustedProxy().equals(Request.getRemoteAddr(request))
                && "https".equalsIgnoreCase(request.getHeaders().get("X-Forwarded-Proto"));
    }
}
