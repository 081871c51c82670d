package org.utbackpack.host.web;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The host's error page for what fails before a request reaches the SIS's pages: a malformed address
 * ({@code %} alone, bad UTF-8), a header too large, an unknown method. The same sentence style, the
 * host's stylesheet and the same Content-Security-Policy as every other page; never the server's name or
 * a stack trace.
 */
public final class BareErrorPage extends ErrorHandler {

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = response.getStatus() >= 400 ? response.getStatus() : 500;
        Object attribute = request.getAttribute(ERROR_STATUS);
        if (attribute instanceof Integer code && code >= 400) {
            status = code;
        }
        response.setStatus(status);
        headers(response.getHeaders());
        response.write(true, ByteBuffer.wrap(page(status).getBytes(StandardCharsets.UTF_8)), callback);
        return true;
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        headers(fields);
        return ByteBuffer.wrap(page(status).getBytes(StandardCharsets.UTF_8));
    }

    private static void headers(HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "text/html;charset=utf-8");
        fields.put("Content-Security-Policy", HostFilter.CSP);
        fields.put("X-Content-Type-Options", "nosniff");
        fields.put("X-Frame-Options", "DENY");
        fields.put(HttpHeader.CACHE_CONTROL, "no-store");
    }

    static String page(int status) {
        String message = switch (status) {
            case 400 -> "The address or request is not written correctly. Follow the links on the pages instead of"
                    + " editing the address.";
            case 405 -> "The SIS does not accept this kind of request.";
            case 413 -> Limits.tooLarge(null, 0);
            case 414, 431 -> "The address or its headers are too long for the SIS.";
            default -> status >= 500 ? "Something went wrong on the server. Try again; if it keeps happening, tell"
                    + " your SIS administrator." : "The request could not be completed.";
        };
        String title = status == 400 ? "Bad Request" : HttpStatus.getMessage(status);
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + title
                + " - Wasatch Valley SIS</title>\n<link rel=\"stylesheet\" href=\"/host-assets/host.css\">\n</head>\n"
                + "<body>\n<main id=\"content\">\n<h1>" + title + "</h1>\n<p class=\"error-message\" role=\"alert\">"
                + message + "</p>\n<p><a href=\"/admin/home.html\">Start Page</a></p>\n</main>\n</body>\n</html>\n";
    }
}
