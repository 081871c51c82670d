package org.utbackpack.plugin.request;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.utbackpack.plugin.audit.AuditLog;
import org.utbackpack.plugin.backpack.BackpackIngest;
import org.utbackpack.plugin.backpack.DocumentException;
import org.utbackpack.plugin.db.Jdbc;
import org.utbackpack.plugin.utrex.UtrexClient;
import org.utbackpack.plugin.utrex.UtrexException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Moves approved requests through UTREx from the database queue: submit, poll, fetch, store. Work is
 * claimed with a lease, so several nodes on one database never work on the same request at once and
 * a node that dies mid-call has its work picked up when the lease lapses. Nothing lives only in memory:
 * a restart simply finds the queue where it was left.
 *
 * <p>Thread-safety: one scheduler thread looks for due work and hands each claimed request to one
 * worker thread; all state is in the database.
 */
public final class Forwarder implements AutoCloseable {

    /** Tuning; defaults suit a district's SIS. */
    public record Settings(Duration pollInterval, Duration lease, int workers, int maxAttempts,
                           Duration firstBackoff, Duration maxBackoff, Duration statusPoll) {
        public static Settings defaults() {
            return new Settings(Duration.ofSeconds(1), Duration.ofMinutes(2), 4, 8,
                    Duration.ofSeconds(2), Duration.ofMinutes(10), Duration.ofMillis(500));
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(Forwarder.class);

    private final Jdbc jdbc;
    private final RequestRepository requests;
    private final UtrexClient utrex;
    private final BackpackIngest ingest;
    private final AuditLog audit;
    private final Clock clock;
    private final String node;
    private final Settings settings;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService workers;
    private final Semaphore freeWorkers;
    private final AtomicBoolean scanning = new AtomicBoolean();

    public Forwarder(Jdbc jdbc, RequestRepository requests, UtrexClient utrex, BackpackIngest ingest, AuditLog audit,
                     Clock clock, String node, Settings settings) {
        this.jdbc = jdbc;
        this.requests = requests;
        this.utrex = utrex;
        this.ingest = ingest;
        this.audit = audit;
        this.clock = clock;
        this.node = node;
        this.settings = settings;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(daemon("utbackpack-forwarder"));
        this.workers = Executors.newFixedThreadPool(settings.workers(), daemon("utbackpack-forward-worker"));
        this.freeWorkers = new Semaphore(settings.workers());
    }

    public void start() {
        scheduler.scheduleWithFixedDelay(this::scan, 0, settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Looks for work now rather than at the next tick (a request was just queued). */
    public void wake() {
        if (!scheduler.isShutdown()) {
            scheduler.execute(this::scan);
        }
    }

    private void scan() {
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
                    workers.execute(() -> {
                        try {
                            process(id);
                        } finally {
                            freeWorkers.release();
                        }
                    });
                } else {
                    freeWorkers.release(); // another node has it
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("Looking for Backpack requests to forward failed; will look again: {}", e.getMessage());
        } finally {
            scanning.set(false);
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
                default -> requests.reschedule(id, node, clock.instant(), false, null);
            }
        } catch (UtrexException e) {
            handleFailure(request, e);
        } catch (DocumentException e) {
            fail(request, e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("Backpack request {} hit an unexpected error; will retry: {}", id, e.toString());
            retryLater(request, "Unexpected error while forwarding: " + e.getClass().getSimpleName(), null);
        }
    }

    private void submit(BackpackRequest request) {
        UtrexClient.Submission submission = utrex.submit(request.ssid(), request.requestType(), request.correlationId());
        Duration wait = submission.retryAfter() == null ? settings.statusPoll() : submission.retryAfter();
        Instant next = clock.instant().plus(wait);
        if (requests.markSent(request.id(), node, submission.requestId(), next)) {
            jdbc.inTransaction(c -> {
                audit.record(c, AuditLog.Actor.SYSTEM, request.studentDcid(), "forward", request.id(), null,
                        "Sent to UTREx as request " + submission.requestId());
                return null;
            });
        }
    }

    private void pollOrFetch(BackpackRequest request) {
        UtrexClient.Status status = utrex.status(request.utrexRequestId());
        if (status.failed()) {
            fail(request, "UTREx could not produce the Backpack: "
                    + (status.error() == null ? "no reason given" : status.error()));
            return;
        }
        if (!status.complete()) {
            requests.reschedule(request.id(), node, clock.instant().plus(settings.statusPoll()), false, null);
            return;
        }
        byte[] document = utrex.document(request.utrexRequestId(), body -> body.readAllBytes());
        jdbc.inTransaction(c -> {
            Instant now = clock.instant();
            BackpackIngest.Stored stored = ingest.store(c, request.studentDcid(), request.id(), request.ssid(),
                    document, now);
            if (!requests.markReceived(c, request.id(), node, stored.fileId(), now)) {
                // our lease lapsed and another node took over: let it store the file instead
                throw new LeaseLost();
            }
            audit.record(c, AuditLog.Actor.SYSTEM, request.studentDcid(), "receive", request.id(), null,
                    "Backpack file received: " + stored.records() + " records");
            return null;
        });
    }

    private void handleFailure(BackpackRequest request, UtrexException e) {
        if (e.permanent()) {
            fail(request, e.getMessage());
        } else {
            retryLater(request, e.getMessage(), e.retryAfter());
        }
    }

    private void retryLater(BackpackRequest request, String reason, Duration asked) {
        int attempts = request.attempts() + 1;
        if (attempts >= settings.maxAttempts()) {
            fail(request, "UTREx could not be reached after " + attempts + " attempts. Last problem: " + reason);
            return;
        }
        Duration wait = asked != null ? asked : backoff(attempts);
        requests.reschedule(request.id(), node, clock.instant().plus(wait), true, reason);
    }

    /** Exponential backoff with full jitter, so many failed requests do not all retry at once. */
    private Duration backoff(int attempts) {
        long base = settings.firstBackoff().toMillis() << Math.min(attempts - 1, 20);
        long capped = Math.min(base, settings.maxBackoff().toMillis());
        return Duration.ofMillis(capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1));
    }

    private void fail(BackpackRequest request, String reason) {
        jdbc.inTransaction(c -> {
            if (requests.markFailed(c, request.id(), node, reason, clock.instant())) {
                audit.record(c, AuditLog.Actor.SYSTEM, request.studentDcid(), "fail", request.id(), null, reason);
            }
            return null;
        });
    }

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
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
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
