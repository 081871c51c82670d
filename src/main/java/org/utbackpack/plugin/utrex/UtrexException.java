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
