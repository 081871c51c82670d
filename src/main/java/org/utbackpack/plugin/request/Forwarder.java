package org.utbackpack.plugin.request;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.utbackpack.plugin.BackpackException;
import org.utbackpack.plugin.audit.AuditLog;
import org.utbackpack.plugin.backpack.BackpackIngest;
import org.utbackpack.plugin.backpack.DocumentException;
import org.utbackpack.plugin.db.Jdbc;
import org.utbackpack.plugin.source.StoredFileSource;
import org.utbackpack.plugin.utrex.UtrexApi;
import org.utbackpack.plugin.utrex.UtrexException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Moves approved requests through UTREx from the database queue: submit, poll, fetch, store.
 *
 * <p><b>Exactly once across nodes.</b> A node works on a request only while it holds the request's
 * lease: a conditional UPDATE that only one node's statement can win (portable SQL, no locking hints).
 * Every write the forwarder makes afterwards is conditional on still holding it ({@code LEASEOWNER = this
 * node}), and the file and the RECEIVED state are written in one transaction, so a node whose lease
 * lapsed (it paused, or another node took over) can never store a second file. A long step (a large
 * document) keeps its lease by renewing it every third of the lease time.
 *
 * <p><b>Crash safety.</b> Nothing lives only in memory. A node killed mid-call leaves its lease in the
 * table; when it lapses, any node (or the restarted one) claims the request and repeats the step it
 * was on. Repeating is harmless: a submit carries the request's correlation id, which UTREx uses to
 * answer with the request it already has; polls and downloads are reads; and a store that never
 * committed left nothing behind.
 *
 * <p>Thread-safety: one scheduler thread looks for due work and hands each claimed request to one
 * worker thread; another thread renews the leases of requests being worked on.
 */
public final class Forwarder implements AutoCloseable {

    /**
     * Tuning; defaults suit a district's SIS.
     *
     * @param pollInterval how often to look for due requests when nothing wakes the forwarder
     * @param lease        how long a claim lasts without renewal: how soon another node takes over a dead one's work
     * @param maxAttempts  tries (the submit and every failed call) before a request ends FAILED
     * @param statusPoll   wait between status polls when UTREx does not say (Retry-After)
     */
    public record Settings(Duration pollInterval, Duration lease, int workers, int maxAttempts,
                           Duration firstBackoff, Duration maxBackoff, Duration statusPoll) {

        public static final String POLL_MS = "utbackpack.forwarder.pollMs";
        public static final String LEASE_MS = "utbackpack.forwarder.leaseMs";
        public static final String WORKERS = "utbackpack.forwarder.workers";
        public static final String MAX_ATTEMPTS = "utbackpack.forwarder.maxAttempts";
        public static final String FIRST_BACKOFF_MS = "utbackpack.forwarder.firstBackoffMs";
        public static final String MAX_BACKOFF_MS = "utbackpack.forwarder.maxBackoffMs";
        public static final String STATUS_POLL_MS = "utbackpack.forwarder.statusPollMs";

        public Settings {
            if (lease.compareTo(Duration.ofMillis(300)) < 0) {
                throw new BackpackException(LEASE_MS + " must be at least 300 ms");
            }
            if (workers < 1 || maxAttempts < 1) {
                throw new BackpackException(WORKERS + " and " + MAX_ATTEMPTS + " must be at least 1");
            }
            if (maxBackoff.compareTo(firstBackoff) < 0) {
                throw new BackpackException(MAX_BACKOFF_MS + " must not be less than " + FIRST_BACKOFF_MS);
            }
        }

        public static Settings defaults() {
            return new Settings(Duration.ofSeconds(1), Duration.ofMinutes(2), 4, 10,
                    Duration.ofSeconds(2), Duration.ofMinutes(10), Duration.ofSeconds(1));
        }

        /** The defaults with any of the {@code utbackpack.forwarder.*} plugin settings given. */
        public static Settings from(Function<String, String> settings) {
            Settings d = defaults();
            return new Settings(millis(settings, POLL_MS, d.pollInterval()), millis(settings, LEASE_MS, d.lease()),
                    (int) whole(settings, WORKERS, d.workers()), (int) whole(settings, MAX_ATTEMPTS, d.maxAttempts()),
                    millis(settings, FIRST_BACKOFF_MS, d.firstBackoff()), millis(settings, MAX_BACKOFF_MS, d.maxBackoff()),
                    millis(settings, STATUS_POLL_MS, d.statusPoll()));
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

    private static final Logger LOG = LoggerFactory.getLogger(Forwarder.class);
    private static final String DOWNLOAD_PREFIX = "utbackpack-doc-";
    /** Downloads left by a node that was killed; older than any real download could take. */
    private static final Duration STALE_DOWNLOAD = Duration.ofDays(1);

    private final Jdbc jdbc;
    private final RequestRepository requests;
    private final UtrexApi utrex;
    private final BackpackIngest ingest;
    private final AuditLog audit;
    private final Clock clock;
    private final String node;
    private final Settings settings;
    private final Backoff backoff;
    private final Path downloads;
    private final ScheduledExecutorService scheduler;
    private final ScheduledExecutorService leaseKeeper;
    private final ExecutorService workers;
    private final Semaphore freeWorkers;
    private final Set<Long> inFlight = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean scanning = new AtomicBoolean();
    private final AtomicBoolean wakePending = new AtomicBoolean();

    public Forwarder(Jdbc jdbc, RequestRepository requests, UtrexApi utrex, BackpackIngest ingest, AuditLog audit,
                     Clock clock, String node, Settings settings) {
        this(jdbc, requests, utrex, ingest, audit, clock, node, settings,
                new Backoff(settings.firstBackoff(), settings.maxBackoff(),
                        n -> ThreadLocalRandom.current().nextLong(n + 1)),
                Path.of(System.getProperty("java.io.tmpdir")));
    }

    Forwarder(Jdbc jdbc, RequestRepository requests, UtrexApi utrex, BackpackIngest ingest, AuditLog audit,
              Clock clock, String node, Settings settings, Backoff backoff, Path downloads) {
        this.jdbc = jdbc;
        this.requests = requests;
        this.utrex = utrex;
        this.ingest = ingest;
        this.audit = audit;
        this.clock = clock;
        this.node = node;
        this.settings = settings;
        this.backoff = backoff;
        this.downloads = downloads;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(daemon("utbackpack-forwarder"));
        this.leaseKeeper = Executors.newSingleThreadScheduledExecutor(daemon("utbackpack-lease-keeper"));
        this.workers = Executors.newFixedThreadPool(settings.workers(), daemon("utbackpack-forward-worker"));
        this.freeWorkers = new Semaphore(settings.workers());
    }

    /** This node's name in the lease columns. */
    public String node() {
        return node;
    }

    public void start() {
        removeStaleDownloads();
        scheduler.scheduleWithFixedDelay(this::scan, 0, settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
        long renew = Math.max(100, settings.lease().toMillis() / 3);
        leaseKeeper.scheduleWithFixedDelay(this::renewLeases, renew, renew, TimeUnit.MILLISECONDS);
    }

    /** Looks for work now rather than at the next tick (a request was just queued, or a worker came free). */
    public void wake() {
        if (wakePending.compareAndSet(false, true)) {
            try {
                scheduler.execute(this::scan);
            } catch (RejectedExecutionException e) {
                wakePending.set(false); // stopping
            }
        }
    }

    private void scan() {
        wakePending.set(false);
        if (!scanning.compareAndSet(false, true)) {
            return;
        }
        try {
            int free = freeWorkers.availablePermits();
            if (free == 0) {
                return;
            }
            Instant now = clock.instant();
            List<Long> due = requests.dueIds(now, free * 2);
            for (long id : due) {
                if (!freeWorkers.tryAcquire()) {
                    return;
                }
                if (requests.claim(id, node, now, now.plus(settings.lease()))) {
                    inFlight.add(id);
                    workers.execute(() -> work(id));
                } else {
                    freeWorkers.release(); // another node has it, or it is no longer due
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("Looking for Backpack requests to forward failed; will look again: {}", e.getMessage());
        } finally {
            scanning.set(false);
        }
    }

    private void work(long id) {
        try {
            process(id);
        } catch (RuntimeException | Error e) {
            // the lease stays until it lapses; then this or another node tries again
            LOG.warn("Forwarding Backpack request {} failed; it will be picked up again: {}", id, e.toString());
        } finally {
            inFlight.remove(id);
            freeWorkers.release();
            wake();
        }
    }

    private void renewLeases() {
        for (long id : inFlight) {
            try {
                if (!requests.renewLease(id, node, clock.instant().plus(settings.lease()))) {
                    // its writes are all conditional on the lease, so nothing it does now can land
                    LOG.info("Backpack request {} was taken over by another node; this node's work on it is void", id);
                }
            } catch (RuntimeException e) {
                LOG.warn("Could not renew the claim on Backpack request {}: {}", id, e.getMessage());
            }
        }
    }

    /** Works one claimed request one step forward. Package-private for tests. */
    void process(long id) {
        BackpackRequest request = requests.find(id).orElse(null);
        if (request == null) {
            return;
        }
        try {
            switch (request.state()) {
                case QUEUED -> submit(request);
                case SENT -> pollOrFetch(request);
                default -> requests.releaseLease(id, node);
            }
        } catch (UtrexException e) {
            if (e.permanent()) {
                fail(request, e.getMessage());
            } else {
                retryLater(request, e.getMessage(), e.retryAfter());
            }
        } catch (DocumentException e) {
            fail(request, e.getMessage());
        } catch (LeaseLost e) {
            LOG.info("Backpack request {} was taken over by another node before this one could store it", id);
        } catch (RuntimeException e) {
            LOG.warn("Backpack request {} hit an unexpected error; will retry: {}", id, e.toString());
            retryLater(request, "An unexpected problem stopped the request on the SIS side ("
                    + e.getClass().getSimpleName() + ").", null);
        }
    }

    private void submit(BackpackRequest request) {
        UtrexApi.Submission submission = utrex.submit(request.ssid(), request.requestType(), request.correlationId());
        Duration wait = submission.retryAfter() == null ? settings.statusPoll() : submission.retryAfter();
        Instant next = clock.instant().plus(wait);
        jdbc.inTransaction(c -> {
            if (requests.markSent(c, request.id(), node, submission.requestId(), next)) {
                audit.record(c, AuditLog.Actor.SYSTEM, request.studentDcid(), "forward", request.id(), null,
                        "Sent to " + utrex.stateName() + " as request " + submission.requestId());
            }
            return null;
        });
    }

    private void pollOrFetch(BackpackRequest request) {
        UtrexApi.Status status = utrex.status(request.utrexRequestId());
        if (status.failed()) {
            fail(request, utrex.stateName() + " could not produce the Backpack: "
                    + (status.error() == null ? "it gave no reason." : status.error()));
            return;
        }
        if (!status.complete()) {
            Duration wait = status.retryAfter() == null ? settings.statusPoll() : status.retryAfter();
            requests.reschedule(request.id(), node, clock.instant().plus(wait), false, null);
            return;
        }
        fetchAndStore(request);
    }

    /**
     * Streams the document to a temporary file (bounded by the size limit), checks its whole structure,
     * and only then stores it, verbatim and as records, in one transaction with the RECEIVED state.
     */
    private void fetchAndStore(BackpackRequest request) {
        Path file;
        try {
            file = Files.createTempFile(downloads, DOWNLOAD_PREFIX, ".json");
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create a temporary file for the Backpack document", e);
        }
        try {
            utrex.download(request.utrexRequestId(), file);
            BackpackIngest.Checked document = ingest.check(file, request.ssid());
            jdbc.inTransaction(c -> {
                Instant now = clock.instant();
                BackpackIngest.Stored stored = ingest.store(c, request.studentDcid(), request.id(), document, now);
                StoredFileSource.record(c, stored.fileId(), utrex.sourceCode());
                if (!requests.markReceived(c, request.id(), node, stored.fileId(), now)) {
                    throw new LeaseLost(); // rolls the file back: the node that holds the lease stores it
                }
                audit.record(c, AuditLog.Actor.SYSTEM, request.studentDcid(), "receive", request.id(), null,
                        "Backpack file received: " + stored.records() + " records");
                return null;
            });
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                LOG.warn("Could not delete the temporary Backpack document {}: {}", file, e.getMessage());
            }
        }
    }

    private void retryLater(BackpackRequest request, String reason, Duration asked) {
        int attempts = request.attempts() + 1;
        if (attempts >= settings.maxAttempts()) {
            fail(request, "Gave up after " + attempts + " attempts. The last problem was: " + reason);
            return;
        }
        Duration wait = backoff.after(attempts, asked);
        requests.reschedule(request.id(), node, clock.instant().plus(wait), true, reason);
    }

    private void fail(BackpackRequest request, String reason) {
        jdbc.inTransaction(c -> {
            if (requests.markFailed(c, request.id(), node, reason, clock.instant())) {
                audit.record(c, AuditLog.Actor.SYSTEM, request.studentDcid(), "fail", request.id(), null, reason);
            }
            return null;
        });
    }

    private void removeStaleDownloads() {
        Instant old = clock.instant().minus(STALE_DOWNLOAD);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(downloads, DOWNLOAD_PREFIX + "*.json")) {
            for (Path f : files) {
                if (Files.getLastModifiedTime(f).toInstant().isBefore(old)) {
                    Files.deleteIfExists(f);
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("Could not tidy old Backpack downloads: {}", e.toString());
        }
    }

    /**
     * Stops looking for work, lets running steps finish (up to 10 seconds), then hands back this node's
     * claims so other nodes need not wait for them to lapse.
     */
    @Override
    public void close() {
        scheduler.shutdownNow();
        workers.shutdown();
        try {
            if (!workers.awaitTermination(10, TimeUnit.SECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
        leaseKeeper.shutdownNow();
        try {
            requests.releaseLeases(node);
        } catch (RuntimeException e) {
            LOG.debug("Could not hand back this node's claims; they lapse by themselves: {}", e.getMessage());
        }
    }

    private static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread t = new Thread(runnable, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** The lease lapsed under us; the transaction rolls back and the new owner finishes. */
    private static final class LeaseLost extends RuntimeException {
        LeaseLost() {
            super("lease lost", null, false, false);
        }
    }
}
