package org.utbackpack.plugin.request;

import java.time.Duration;
import java.util.function.LongUnaryOperator;

/**
 * How long a request waits after a failed try: exponential from {@code first}, capped at {@code max},
 * with "equal jitter" (half the delay fixed, half random) so that many requests failing together (UTREx
 * down for a minute) do not all come back at the same instant, while each still waits a real while.
 * When UTREx said how long to wait (Retry-After), that wait is honoured instead, even beyond the cap:
 * asking sooner would only be refused again.
 */
final class Backoff {

    private final Duration first;
    private final Duration max;
    /** Given n, a uniformly random whole number from 0 to n inclusive; the seam for tests. */
    private final LongUnaryOperator random;

    Backoff(Duration first, Duration max, LongUnaryOperator random) {
        if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < first <= max, got " + first + " and " + max);
        }
        this.first = first;
        this.max = max;
        this.random = random;
    }

    /**
     * The wait before try number {@code failures + 1}, after {@code failures} (1 or more) failed tries.
     *
     * @param asked the wait UTREx asked for, or null
     */
    Duration after(int failures, Duration asked) {
        if (asked != null) {
            return asked;
        }
        int doublings = Math.max(0, Math.min(failures - 1, 30));
        long base = first.toMillis();
        long capped = Math.min(max.toMillis(), saturatingShift(base, doublings));
        long half = capped / 2;
        return Duration.ofMillis(capped - half + random.applyAsLong(half));
    }

    private static long saturatingShift(long value, int bits) {
        return value > (Long.MAX_VALUE >> bits) ? Long.MAX_VALUE : value << bits;
    }
}
