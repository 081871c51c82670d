package org.utbackpack.plugin.request;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
 * <p><b>Waiting holds nothing.</b> A worker takes a request one step (a submit, a poll, a download and
 * store) and hands it back with the time it is next due written in its row; a wait for UTREx (the poll
 * interval or Retry-After it asked for, a backoff) is only that row, with no lease, thread or connection.
 * When it is due, whichever worker of whichever node is free takes the next step; requests UTREx already
 * has go before new submits ({@link RequestRepository#dueIds}).
 *
 * <p>Thread-safety: one scheduler thread looks for due work and hands each claimed request to one
 * worker thread; another thread renews the leases of requests being worked on.
 */
public final class Forwarder implements AutoCloseable {

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
    private final ForwarderSettings settings;
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
                     Clock clock, String node, ForwarderSettings settings) {
        this(jdbc, requests, utrex, ingest, audit, clock, node, settings,
                new Backoff(settings.firstBackoff(), settings.maxBackoff(),
                        n -> ThreadLocalRandom.current().nextLong(n + 1)),
                Path.of(System.getProperty("java.io.tmpdir")));
    }

    Forwarder(Jdbc jdbc, RequestRepository requests, UtrexApi utrex, BackpackIngest ingest, AuditLog audit,
              Clock clock, String node, ForwarderSettings settings, Backoff backoff, Path downloads) {
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
                if (!requests.renewLease(id, node, clock.instant().plus(settings.lease())) && inFlight.contains(id)
                        && takenOver(id)) {
                    // its writes are all conditional on the lease, so nothing it does now can land
                    LOG.info("Backpack request {} was taken over by another node; this node's work on it is void", id);
                }
            } catch (RuntimeException e) {
                LOG.warn("Could not renew the claim on Backpack request {}: {}", id, e.getMessage());
            }
        }
    }

    /**
     * Whether a renewal failed because another node holds the request, rather than because this node's step
     * had just handed it back with its last write and not yet left {@link #inFlight} (or staff ended it).
     */
    private boolean takenOver(long id) {
        String owner = requests.leaseOwner(id).orElse(null);
        return owner != null && !owner.equals(node);
    }

    /** Works one claimed request one step forward. Package-private for tests. */
    void process(long id) {
        BackpackRequest request = requests.find(id).orElse(null);
        if (request == null) {
            return;
        }
        if (request.state() == RequestState.QUEUED || request.state() == RequestState.SENT) {
            Instant deadline = deadline(request);
            if (!clock.instant().isBefore(deadline)) {
                fail(request, outOfTime(request), request.attempts());
                return;
            }
        }
        try {
            switch (request.state()) {
                case QUEUED -> submit(request);
                case SENT -> pollOrFetch(request);
                default -> requests.releaseLease(id, node);
            }
        } catch (UtrexException e) {
            if (e.permanent()) {
                fail(request, e.getMessage(), request.attempts() + 1);
            } else if (e.kind() == UtrexException.Kind.RATE_LIMITED) {
                slowDown(request, e.getMessage(), e.retryAfter());
            } else {
                retryLater(request, e.getMessage(), e.retryAfter());
            }
        } catch (DocumentException e) {
            fail(request, e.getMessage(), request.attempts());
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
        Instant next = bounded(request, clock.instant().plus(wait));
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
                    + (status.error() == null ? "it gave no reason." : status.error()), request.attempts());
            return;
        }
        if (!status.complete()) {
            // polls back off: each waits a fifth of the time the request has been queued, so a request
            // UTREx never finishes costs a few dozen polls before its deadline, not one a second
            Instant now = clock.instant();
            Duration waited = request.queuedAt() == null ? Duration.ZERO : Duration.between(request.queuedAt(), now);
            Duration wait = longer(status.retryAfter() == null ? settings.statusPoll() : status.retryAfter(),
                    shorter(waited.dividedBy(5), settings.maxBackoff()));
            String note = status.pending() ? null : "UTREx answered with a status the SIS does not know ('"
                    + printable(status.status()) + "'); it keeps asking until the request's time runs out.";
            requests.reschedule(request.id(), node, bounded(request, now.plus(wait)), false, note);
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
            fail(request, "Gave up after " + attempts + (attempts == 1 ? " attempt" : " attempts")
                    + ". The last problem was: " + reason, attempts);
            return;
        }
        Duration wait = backoff.after(attempts, asked);
        requests.reschedule(request.id(), node, bounded(request, clock.instant().plus(wait)), true, reason);
    }

    /**
     * UTREx asked us to slow down (429): the next try waits as long as it asked (or a backoff when it did
     * not say), and no attempt is spent, since nothing failed. The request's deadline still bounds it.
     */
    private void slowDown(BackpackRequest request, String reason, Duration asked) {
        Duration wait = asked != null ? longer(asked, settings.pollInterval())
                : backoff.after(Math.max(1, request.attempts()), null);
        requests.reschedule(request.id(), node, bounded(request, clock.instant().plus(wait)), false, reason);
    }

    /** When the request's time is up: its deadline counts from when it (last) entered the queue. */
    private Instant deadline(BackpackRequest request) {
        Instant from = request.queuedAt() != null ? request.queuedAt() : request.requestDate();
        return from == null ? Instant.MAX : from.plus(settings.requestDeadline());
    }

    /** No wait goes past the deadline: the request is looked at again then, and ended. */
    private Instant bounded(BackpackRequest request, Instant next) {
        Instant deadline = deadline(request);
        return next.isAfter(deadline) ? deadline : next;
    }

    private String outOfTime(BackpackRequest request) {
        return "UTREx did not finish the request in time: it was still not done after "
                + describe(settings.requestDeadline()) + ", the limit set for this district, so it was stopped."
                + (request.lastError() == null ? "" : " The last problem was: " + request.lastError());
    }

    /** "30 minutes", "1 hour", "90 seconds". */
    static String describe(Duration d) {
        long s = d.toSeconds();
        if (s % 3600 == 0 && s > 0) {
            return s / 3600 + (s == 3600 ? " hour" : " hours");
        }
        if (s % 60 == 0 && s > 0) {
            return s / 60 + (s == 60 ? " minute" : " minutes");
        }
        return s + (s == 1 ? " second" : " seconds");
    }

    private static Duration longer(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static Duration shorter(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** A status word as UTREx sent it, cut short and without control characters, for the staff's page. */
    private static String printable(String status) {
        if (status == null) {
            return "";
        }
        String clean = status.replaceAll("\\p{Cntrl}", "");
        return clean.length() <= 40 ? clean : clean.substring(0, 40) + "…";
    }

    private void fail(BackpackRequest request, String reason, int attempts) {
        jdbc.inTransaction(c -> {
            if (requests.markFailed(c, request.id(), node, reason, attempts, clock.instant())) {
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
