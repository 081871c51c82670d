package org.utbackpack.plugin.request;

import org.utbackpack.plugin.BackpackException;
import org.utbackpack.plugin.utrex.UtrexClient;

import java.time.Duration;
import java.util.Locale;
import java.util.function.Function;

/**
 * The forwarder's tuning, read and checked once at start: the {@code utbackpack.forwarder.*} plugin settings
 * (or the environment), defaults for those not given, and a refusal naming the setting for a value that
 * cannot work. Defaults suit a district's SIS.
 *
 * @param pollInterval how often to look for due requests when nothing wakes the forwarder
 * @param lease        how long a claim lasts without renewal: how soon another node takes over a dead one's work
 * @param workers      threads that do a step's database and document work (claim, store, reschedule); a call
 *                     to UTREx holds none of them while it is out. A state without asynchronous calls (USIMS)
 *                     runs its calls on a second pool of this many threads
 * @param maxAttempts  tries (the submit and every failed call) before a request ends FAILED
 * @param statusPoll   the first wait between status polls when UTREx does not say (Retry-After); later
 *                     polls wait longer, a fifth of the time the request has been in the queue
 * @param requestDeadline how long a request may take in all, from entering the queue; past it, it ends
 *                     FAILED, whatever UTREx says
 * @param maxInFlight  requests this node works on at once (claimed, with a step under way, most of them waiting
 *                     for UTREx's answer): the bound on calls out at once and on leases held. Defaults to 16 per
 *                     worker, at most 256
 */
public record ForwarderSettings(Duration pollInterval, Duration lease, int workers, int maxAttempts,
                                Duration firstBackoff, Duration maxBackoff, Duration statusPoll, Duration requestDeadline,
                                int maxInFlight) {

    public static final String POLL_MS = "utbackpack.forwarder.pollMs";
    public static final String LEASE_MS = "utbackpack.forwarder.leaseMs";
    public static final String WORKERS = "utbackpack.forwarder.workers";
    public static final String MAX_ATTEMPTS = "utbackpack.forwarder.maxAttempts";
    public static final String FIRST_BACKOFF_MS = "utbackpack.forwarder.firstBackoffMs";
    public static final String MAX_BACKOFF_MS = "utbackpack.forwarder.maxBackoffMs";
    public static final String STATUS_POLL_MS = "utbackpack.forwarder.statusPollMs";
    public static final String REQUEST_DEADLINE_SECONDS = "utbackpack.forwarder.requestDeadlineSeconds";
    public static final String MAX_IN_FLIGHT = "utbackpack.forwarder.maxInFlight";
    static final Duration DEFAULT_REQUEST_DEADLINE = Duration.ofMinutes(30);

    /** The settings with the default request deadline (30 minutes). */
    public ForwarderSettings(Duration pollInterval, Duration lease, int workers, int maxAttempts,
                             Duration firstBackoff, Duration maxBackoff, Duration statusPoll) {
        this(pollInterval, lease, workers, maxAttempts, firstBackoff, maxBackoff, statusPoll,
                DEFAULT_REQUEST_DEADLINE);
    }

    /** The settings with the default number of requests in flight for {@code workers}. */
    public ForwarderSettings(Duration pollInterval, Duration lease, int workers, int maxAttempts,
                             Duration firstBackoff, Duration maxBackoff, Duration statusPoll, Duration requestDeadline) {
        this(pollInterval, lease, workers, maxAttempts, firstBackoff, maxBackoff, statusPoll, requestDeadline,
                defaultInFlight(workers));
    }

    /**
     * 16 requests in flight per worker, at most 256: a step's own work (a claim, a store) is short beside
     * the wait for UTREx's answer, so one worker keeps many requests moving.
     */
    static int defaultInFlight(int workers) {
        return (int) Math.max(1, Math.min(256L, 16L * workers));
    }

    public ForwarderSettings {
        if (lease.compareTo(Duration.ofMillis(300)) < 0) {
            throw new BackpackException(LEASE_MS + " must be at least 300 ms");
        }
        if (workers < 1 || maxAttempts < 1) {
            throw new BackpackException(WORKERS + " and " + MAX_ATTEMPTS + " must be at least 1");
        }
        if (maxBackoff.compareTo(firstBackoff) < 0) {
            throw new BackpackException(MAX_BACKOFF_MS + " must not be less than " + FIRST_BACKOFF_MS);
        }
        if (requestDeadline.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new BackpackException(REQUEST_DEADLINE_SECONDS + " must be at least 1 second");
        }
        if (maxInFlight < 1 || maxInFlight > UtrexClient.MAX_CONNECTIONS) {
            throw new BackpackException(MAX_IN_FLIGHT + " must be between 1 and " + UtrexClient.MAX_CONNECTIONS
                    + " (one connection to the state for each)");
        }
    }

    public static ForwarderSettings defaults() {
        return new ForwarderSettings(Duration.ofSeconds(1), Duration.ofMinutes(2), 4, 10,
                Duration.ofSeconds(2), Duration.ofMinutes(10), Duration.ofSeconds(1), DEFAULT_REQUEST_DEADLINE);
    }

    /**
     * The defaults with any of the {@code utbackpack.forwarder.*} settings given, each read from the
     * plugin settings first, then from the environment (UTBACKPACK_FORWARDER_REQUESTDEADLINESECONDS, ...).
     */
    public static ForwarderSettings from(Function<String, String> settings, Function<String, String> environment) {
        return from(name -> {
            String value = settings.apply(name);
            return value == null || value.isBlank()
                    ? environment.apply(name.toUpperCase(Locale.ROOT).replace('.', '_')) : value;
        });
    }

    /** The defaults with any of the {@code utbackpack.forwarder.*} plugin settings given. */
    public static ForwarderSettings from(Function<String, String> settings) {
        ForwarderSettings d = defaults();
        int workers = (int) whole(settings, WORKERS, d.workers());
        return new ForwarderSettings(millis(settings, POLL_MS, d.pollInterval()), millis(settings, LEASE_MS, d.lease()),
                workers, (int) whole(settings, MAX_ATTEMPTS, d.maxAttempts()),
                millis(settings, FIRST_BACKOFF_MS, d.firstBackoff()), millis(settings, MAX_BACKOFF_MS, d.maxBackoff()),
                millis(settings, STATUS_POLL_MS, d.statusPoll()),
                Duration.ofSeconds(whole(settings, REQUEST_DEADLINE_SECONDS, d.requestDeadline().toSeconds())),
                (int) whole(settings, MAX_IN_FLIGHT, defaultInFlight(workers)));
    }

    private static Duration millis(Function<String, String> settings, String name, Duration fallback) {
        return Duration.ofMillis(whole(settings, name, fallback.toMillis()));
    }

    private static long whole(Function<String, String> settings, String name, long fallback) {
        String value = settings.apply(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            long n = Long.parseLong(value.trim());
            if (n <= 0 || n > Integer.MAX_VALUE) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new BackpackException(name + " must be a positive whole number, not '" + value + "'");
        }
    }
}
