package org.utbackpack.host.simulator;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the simulated UTREx and USIMS keep alike: the one client they accept, the bearer tokens they issued,
 * the dice their faults are rolled with, their counters, and waits that end when the simulator closes. Each
 * simulator makes one and hands it to its servlet, which rolls, pauses, counts and checks tokens through it
 * directly, and to its state, which adds what is its own (requests and documents; Ed-Fi records). Thread-safe.
 */
public final class SimulatedService {

    /** What a bearer token is worth now. */
    public enum TokenCheck { VALID, EXPIRED, UNKNOWN }

    private final String clientId;
    private final String clientSecret;
    private final Clock clock;
    private final SecureRandom tokenRandom = new SecureRandom();
    private final Map<String, Instant> tokens = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> counters = new ConcurrentHashMap<>();
    private final AtomicReference<Random> rolls = new AtomicReference<>(new Random());
    private final CountDownLatch closing = new CountDownLatch(1);

    public SimulatedService(ServiceSettings settings) {
        this.clientId = settings.clientId();
        this.clientSecret = settings.clientSecret();
        this.clock = settings.clock();
    }

    public Clock clock() {
        return clock;
    }

    public Instant now() {
        return clock.instant();
    }

    // ---------------------------------------------------------------- tokens

    public boolean validClient(String id, String secret) {
        return clientId.equals(id) && clientSecret.equals(secret);
    }

    /** A new random bearer token living {@code ttlSeconds}; returns it with that lifetime. */
    public Map.Entry<String, Long> issueToken(long ttlSeconds) {
        Instant now = clock.instant();
        tokens.values().removeIf(expiry -> !expiry.isAfter(now));
        byte[] bytes = new byte[32];
        tokenRandom.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        tokens.put(token, now.plusSeconds(ttlSeconds));
        count("tokensIssued");
        return Map.entry(token, ttlSeconds);
    }

    public TokenCheck check(String token) {
        Instant expiry = token == null ? null : tokens.get(token);
        if (expiry == null) {
            return TokenCheck.UNKNOWN;
        }
        return expiry.isAfter(clock.instant()) ? TokenCheck.VALID : TokenCheck.EXPIRED;
    }

    /** Ends every token at once, so a test can watch the client refresh. */
    public void expireTokens() {
        Instant now = clock.instant();
        tokens.replaceAll((t, e) -> now);
    }

    // ---------------------------------------------------------------- dice

    /** New dice: seeded (a sequential run repeats), or null for a new random sequence. */
    public void reseed(Long seed) {
        rolls.set(seed == null ? new Random() : new Random(seed));
    }

    /**
     * True with probability p. Seeded rolls make a sequential run repeatable; a zero rate draws nothing,
     * so turning one fault on does not shift the others' sequence.
     */
    public boolean roll(double p) {
        return p > 0 && rolls.get().nextDouble() < p;
    }

    /** The next number of the dice, from 0 (inclusive) to 1 (exclusive). */
    public double nextDouble() {
        return rolls.get().nextDouble();
    }

    /** The next number of the dice, from 0 to {@code bound} - 1. */
    public int nextInt(int bound) {
        return rolls.get().nextInt(bound);
    }

    // ---------------------------------------------------------------- closing

    /**
     * Waits, but no longer than the simulator lives.
     *
     * @return true if the simulator is closing
     */
    public boolean pause(long millis) {
        if (millis <= 0) {
            return closing.getCount() == 0;
        }
        try {
            return closing.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    /** Releases every held call. */
    public void close() {
        closing.countDown();
    }

    // ---------------------------------------------------------------- counters

    public void count(String counter) {
        counters.computeIfAbsent(counter, k -> new AtomicInteger()).incrementAndGet();
    }

    public int counter(String name) {
        AtomicInteger v = counters.get(name);
        return v == null ? 0 : v.get();
    }

    /** Every counter and its value, sorted by name. */
    public Map<String, Integer> counters() {
        Map<String, Integer> all = new java.util.TreeMap<>();
        counters.forEach((k, v) -> all.put(k, v.get()));
        return all;
    }

    public void resetCounters() {
        counters.clear();
    }
}
