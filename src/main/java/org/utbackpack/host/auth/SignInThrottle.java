package org.utbackpack.host.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows password guessing: after {@code maxFailures} failed sign-ins for one username, that username is
 * refused for {@code lockout}, whatever password is given.
 */
public final class SignInThrottle {

    private record State(int failures, Instant lockedUntil) {
    }

    private final ConcurrentHashMap<String, State> states = new ConcurrentHashMap<>();
    private final int maxFailures;
    private final Duration lockout;
    private final Clock clock;

    public SignInThrottle(int maxFailures, Duration lockout, Clock clock) {
        this.maxFailures = maxFailures;
        this.lockout = lockout;
        this.clock = clock;
    }

    public boolean locked(String username) {
        State s = states.get(key(username));
        return s != null && s.lockedUntil() != null && clock.instant().isBefore(s.lockedUntil());
    }

    public void failed(String username) {
        states.compute(key(username), (k, s) -> {
            int failures = (s == null || (s.lockedUntil() != null && !clock.instant().isBefore(s.lockedUntil())))
                    ? 1 : s.failures() + 1;
            return new State(failures, failures >= maxFailures ? clock.instant().plus(lockout) : null);
        });
    }

    public void succeeded(String username) {
        states.remove(key(username));
    }

    private static String key(String username) {
        return username == null ? "" : username.trim().toLowerCase(Locale.ROOT);
    }
}
