package org.utbackpack.testing;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A browser on another machine: its requests come from another loopback address (127.0.0.2 and up),
 * which the host sees as a different client. Plain HTTP/1.0 over a socket, keeping its cookies (the session's,
 * and the form cookie of a signed-out visitor) and the last page's CSRF token; it follows no redirects.
 */
public final class OtherAddressBrowser {

    /** One answer: status and body. */
    public record Answer(int status, String body) {
    }

    private static final Pattern COOKIE = Pattern.compile("(?im)^Set-Cookie:\\s*([^=;\\s]+)=([^;\\r\\n]*)");

    private final URI base;
    private final String localAddress;
    private final Map<String, String> cookies = new java.util.LinkedHashMap<>();
    private String csrf;
    private String header = "";

    public OtherAddressBrowser(URI base, String localAddress) {
        this.base = base;
        this.localAddress = localAddress;
    }

    /** One more header line sent with each request from now on ({@code X-Forwarded-For: 203.0.113.5}). */
    public OtherAddressBrowser header(String line) {
        header = line + "\r\n";
        return this;
    }

    public Answer get(String path) {
        return send("GET " + path + " HTTP/1.0\r\n", "");
    }

    /** Posts a form with the last page's CSRF token. */
    public Answer post(String path, Map<String, String> fields) {
        String body = fields.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&")) + (csrf == null ? "" : "&_csrf=" + enc(csrf));
        return send("POST " + path + " HTTP/1.0\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n", body);
    }

    private Answer send(String head, String body) {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(localAddress, 0));
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5_000);
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write((head + "Host: " + base.getHost() + ":" + base.getPort() + "\r\n"
                    + (cookies.isEmpty() ? "" : "Cookie: " + cookieHeader() + "\r\n") + header + "\r\n" + body).getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int split = response.indexOf("\r\n\r\n");
            String headers = split < 0 ? response : response.substring(0, split);
            String content = split < 0 ? "" : response.substring(split + 4);
            Matcher cookie = COOKIE.matcher(headers);
            while (cookie.find()) {
                cookies.put(cookie.group(1), cookie.group(2));
            }
            Element token = Jsoup.parse(content).selectFirst("input[name=_csrf]");
            if (token != null) {
                csrf = token.val();
            }
            return new Answer(Integer.parseInt(headers.split(" ", 3)[1]), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String cookieHeader() {
        return cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("; "));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
