package org.utbackpack.plugin.request;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BackoffTest {

    private static final Duration FIRST = Duration.ofSeconds(2);
    private static final Duration MAX = Duration.ofMinutes(10);

    @Test
    void doublesFromTheFirstWaitWithHalfOfItRandom() {
        Backoff lowest = new Backoff(FIRST, MAX, n -> 0);
        Backoff highest = new Backoff(FIRST, MAX, n -> n);
        assertEquals(Duration.ofSeconds(1), lowest.after(1, null));
        assertEquals(Duration.ofSeconds(2), highest.after(1, null));
        assertEquals(Duration.ofSeconds(2), lowest.after(2, null));
        assertEquals(Duration.ofSeconds(4), highest.after(2, null));
        assertEquals(Duration.ofSeconds(8), lowest.after(4, null));
        assertEquals(Duration.ofSeconds(16), highest.after(4, null));
    }

    @Test
    void neverWaitsLongerThanTheCapHoweverManyFailures() {
        Backoff highest = new Backoff(FIRST, MAX, n -> n);
        Backoff lowest = new Backoff(FIRST, MAX, n -> 0);
        for (int failures : new int[] {10, 30, 64, 1_000, Integer.MAX_VALUE}) {
            assertEquals(MAX, highest.after(failures, null), "after " + failures);
            assertEquals(MAX.dividedBy(2), lowest.after(failures, null), "after " + failures);
        }
    }

    @Test
    void theJitterSpreadsRequestsThatFailedTogether() {
        // the random part is asked for a number up to half the capped wait
        long[] asked = new long[1];
        new Backoff(FIRST, MAX, n -> {
            asked[0] = n;
            return 0;
        }).after(3, null);
        assertEquals(4_000, asked[0], "third try: 8 s capped wait, 4 s of it random");
    }

    @Test
    void retryAfterFromUtrexIsHonouredAsAskedEvenBeyondTheCap() {
        Backoff backoff = new Backoff(FIRST, MAX, n -> n);
        assertEquals(Duration.ofSeconds(7), backoff.after(1, Duration.ofSeconds(7)));
        assertEquals(Duration.ofMinutes(30), backoff.after(5, Duration.ofMinutes(30)));
        assertEquals(Duration.ZERO, backoff.after(5, Duration.ZERO));
    }

    @Test
    void refusesASettingThatCannotWork() {
        assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ZERO, MAX, n -> 0));
        assertThrows(IllegalArgumentException.class, () -> new Backoff(MAX, FIRST, n -> 0));
    }
}
