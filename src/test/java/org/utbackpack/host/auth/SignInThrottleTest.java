package org.utbackpack.host.auth;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SignInThrottleTest {

    /** A clock the test moves by hand. */
    private static final class HandClock extends Clock {
        private Instant now = Instant.parse("2025-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final HandClock clock = new HandClock();
    private final SignInThrottle throttle = new SignInThrottle(SignInThrottle.Settings.defaults(), clock);

    @Test
    void delaysStartAfterFiveFailuresAndDoubleWithEachFurtherOne() {
        for (int i = 0; i < 4; i++) {
            throttle.failed("pat", "10.0.0.9");
            assertTrue(throttle.check("pat", "10.0.0.9").isEmpty());
        }
        throttle.failed("pat", "10.0.0.9");
        assertEquals(2, throttle.check("pat", "10.0.0.9").orElseThrow().seconds());
        clock.advance(Duration.ofSeconds(2));
        assertTrue(throttle.check("pat", "10.0.0.9").isEmpty());
        throttle.failed("pat", "10.0.0.9");
        assertEquals(4, throttle.check("pat", "10.0.0.9").orElseThrow().seconds());
        clock.advance(Duration.ofSeconds(4));
        throttle.failed("pat", "10.0.0.9");
        assertEquals(8, throttle.check("pat", "10.0.0.9").orElseThrow().seconds());
        assertTrue(throttle.check("pat", "10.0.0.9").orElseThrow().perAccount());
    }

    @Test
    void aStrangersFailuresNeverStopTheOwnerAtAnotherAddress() {
        for (int i = 0; i < 200; i++) {
            throttle.failed("pat", "203.0.113.7");
        }
        assertFalse(throttle.check("pat", "203.0.113.7").isEmpty());
        assertTrue(throttle.check("pat", "10.0.0.9").isEmpty());
    }

    @Test
    void oneAddressTryingManyUsernamesIsSlowedForAllOfThem() {
        for (int i = 0; i < 20; i++) {
            throttle.failed("user" + i, "203.0.113.7");
        }
        SignInThrottle.Wait wait = throttle.check("someone.else", "203.0.113.7").orElseThrow();
        assertFalse(wait.perAccount());
        assertTrue(throttle.check("someone.else", "10.0.0.9").isEmpty());
    }

    @Test
    void delaysHaveACeilingAndASuccessClearsTheUsernamesCount() {
        for (int i = 0; i < 60; i++) {
            throttle.failed("pat", "10.0.0.9");
        }
        assertEquals(15 * 60, throttle.check("pat", "10.0.0.9").orElseThrow().seconds());
        clock.advance(Duration.ofMinutes(15));
        throttle.succeeded("pat", "10.0.0.9");
        throttle.failed("pat", "10.0.0.9");
        assertTrue(throttle.check("pat", "10.0.0.9").isPresent(), "the address's own count remains");
        assertFalse(throttle.check("pat", "10.0.0.9").orElseThrow().perAccount());
    }

    @Test
    void manyAddressesFailingWithinTheHourNeverKeepMoreCountersThanTheCap() {
        // an attacker with a block of addresses, each trying new usernames, faster than counters are forgotten
        for (int i = 0; i < 160_000; i++) {
            throttle.failed("user" + i, address(i));
            clock.advance(Duration.ofMillis(10));
        }
        assertTrue(throttle.counters() <= SignInThrottle.MAX_COUNTERS + 2, throttle.counters() + " counters");
        // the latest failures are still counted
        for (int i = 0; i < 5; i++) {
            throttle.failed("user159999", address(159_999));
        }
        assertTrue(throttle.check("user159999", address(159_999)).isPresent());
    }

    private static String address(int i) {
        return "10." + (i >> 16) + "." + ((i >> 8) & 255) + "." + (i & 255);
    }

    @Test
    void aHugeUsernameIsNotKeptWhole() {
        String huge = "x".repeat(200_000);
        throttle.failed(huge, "10.0.0.9");
        assertTrue(throttle.keptCharacters() < 200, throttle.keptCharacters() + " characters kept");
        for (int i = 0; i < 4; i++) {
            throttle.failed(huge, "10.0.0.9");
        }
        assertTrue(throttle.check(huge, "10.0.0.9").orElseThrow().perAccount(), "still counted per username");
        assertTrue(throttle.check("X".repeat(200_000), "10.0.0.9").isPresent(), "in any case, as before");
    }

    @Test
    void theAddressesOfOneIpv6NetworkCountAsOneClient() {
        // one home connection holds a whole /64: a new address for every few guesses must not reset the count
        for (int i = 1; i <= 40; i++) {
            throttle.failed("pat", "2001:db8:1:2::" + Integer.toHexString(i));
        }
        SignInThrottle.Wait wait = throttle.check("pat", "2001:db8:1:2:ffff::9").orElseThrow();
        assertTrue(wait.perAccount(), "counted per username from that network");
        assertTrue(throttle.check("pat", "2001:db8:1:3::1").isEmpty(), "another network is not slowed");
        assertTrue(throttle.check("pat", "10.0.0.9").isEmpty());
    }
}
