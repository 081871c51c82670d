package org.utbackpack.plugin.utrex;

import org.utbackpack.plugin.BackpackException;

import java.time.Duration;

/**
 * A UTREx call did not succeed. {@link #permanent()} failures end the request with
 * {@link #getMessage()}, a sentence a person understands; the others are retried.
 */
public final class UtrexException extends BackpackException {

    public enum Kind { TRANSIENT, RATE_LIMITED, PERMANENT }

    private final Kind kind;
    private final Duration retryAfter;

    UtrexException(Kind kind, String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.retryAfter = retryAfter;
    }

    /** A failure worth retrying later: 5xx, a timeout, a reset connection. */
    public static UtrexException temporary(String message, Throwable cause) {
        return new UtrexException(Kind.TRANSIENT, message, null, cause);
    }

    /** UTREx asked us to slow down; {@code retryAfter} is its Retry-After, or null when it gave none. */
    public static UtrexException rateLimited(String message, Duration retryAfter) {
        return new UtrexException(Kind.RATE_LIMITED, message, retryAfter, null);
    }

    /** A failure that retrying cannot fix; the message is shown to staff as the reason. */
    public static UtrexException permanent(String message) {
        return new UtrexException(Kind.PERMANENT, message, null, null);
    }

    /** UTREx said no to the request itself (unknown SSID, another LEA's student, a bad request). */
    public static UtrexException refused(String reason) {
        return permanent("UTREx refused the request: " + reason);
    }

    public Kind kind() {
        return kind;
    }

    public boolean permanent() {
        return kind == Kind.PERMANENT;
    }

    /** How long UTREx asked us to wait, or null when it did not say. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
