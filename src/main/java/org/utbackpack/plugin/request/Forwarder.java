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
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

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
 * <p><b>Waiting holds nothing.</b> A request is taken one step (a submit, a poll, a download and store)
 * and handed back with the time it is next due written in its row; a wait for UTREx (the poll interval or
 * Retry-After it asked for, a backoff) is only that row, with no lease, thread or connection. When it is
 * due, whichever node has room takes the next step; requests UTREx already has go before new submits
 * ({@link RequestRepository#dueIds}). Within a step, the call to UTREx holds no thread either: it is made
 * through {@link UtrexApi}'s asynchronous calls, and the step's database and document work (find, the
 * writes, the check and store) runs on a worker thread before the call and after its answer.
 *
 * <p><b>What bounds the work.</b> At most {@link ForwarderSettings#maxInFlight()} requests are claimed
 * at once (each with a step under way, most of them waiting for an answer): that bounds the calls out,
 * the connections to UTREx and the leases this node holds. {@link ForwarderSettings#workers()} threads do
 * the steps' own work. A state connection without asynchronous calls (USIMS) runs its blocking calls on a
 * second pool of {@code workers} threads, so there at most that many calls are out at once, as before.
 * A call still out when its request's time is up is given up on (cancelled) and the request ends FAILED.
 *
 * <p>Thread-safety: one scheduler thread looks for due work and claims it; worker threads do each step's
 * work; the UTREx client's I/O threads complete the calls; another thread renews the leases of every
 * request claimed.
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
    private final ExecutorService blockingCalls;
    private final Semaphore freeSlots;
    /** The requests claimed, each with the state call it is waiting for (or a finished future). */
    private final Map<Long, CompletableFuture<?>> inFlight = new ConcurrentHashMap<>();
    private final AtomicBoolean closing = new AtomicBoolean();
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
        this.blockingCalls = Executors.newFixedThreadPool(settings.workers(), daemon("utbackpack-state-call"));
        this.freeSlots = new Semaphore(settings.maxInFlight());
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

    /** Looks for work now rather than at the next tick (a request was just queued, or a step finished). */
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
            int free = freeSlots.availablePermits();
            if (free == 0) {
                return;
            }
            Instant now = clock.instant();
            List<Long> due = requests.dueIds(now, free * 2);
            for (long id : due) {
                if (closing.get() || !freeSlots.tryAcquire()) {
                    return;
                }
                if (requests.claim(id, node, now, now.plus(settings.lease()))) {
                    inFlight.put(id, CompletableFuture.completedFuture(null));
                    try {
                        workers.execute(() -> work(id));
                    } catch (RejectedExecutionException e) {
                        finished(id); // stopping: close() hands the claim back
                    }
                } else {
                    freeSlots.release(); // another node has it, or it is no longer due
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("Looking for Backpack requests to forward failed; will look again: {}", e.getMessage());
        } finally {
            scanning.set(false);
        }
    }

    /** Starts a claimed request's step on a worker; the request stays claimed until the step has ended. */
    private void work(long id) {
        CompletableFuture<Void> step;
        try {
            step = step(id);
        } catch (RuntimeException | Error e) {
            step = CompletableFuture.failedFuture(e);
        }
        step.whenComplete((ignored, e) -> {
            if (e != null && !closing.get()) {
                // the lease stays until it lapses; then this or another node tries again
                LOG.warn("Forwarding Backpack request {} failed; it will be picked up again: {}", id,
                        unwrap(e).toString());
            }
            finished(id);
        });
    }

    private void finished(long id) {
        if (inFlight.remove(id) != null) {
            freeSlots.release();
        }
        if (!closing.get()) {
            wake();
        }
    }

    private void renewLeases() {
        for (long id : inFlight.keySet()) {
            try {
                if (!requests.renewLease(id, node, clock.instant().plus(settings.lease())) && inFlight.containsKey(id)
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

    /** Works one claimed request one step forward and waits for the step to end. Package-private for tests. */
    void process(long id) {
        try {
            step(id).join();
        } catch (CompletionException | CancellationException e) {
            Throwable cause = unwrap(e);
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        }
    }

    /**
     * One step of a claimed request: the database work runs here and, after the state's answer, on a worker;
     * while the call is out no thread is held. The future ends when the step's last write is made.
     */
    private CompletableFuture<Void> step(long id) {
        BackpackRequest request = requests.find(id).orElse(null);
        if (request == null) {
            return CompletableFuture.completedFuture(null);
        }
        if (request.state() == RequestState.QUEUED || request.state() == RequestState.SENT) {
            Instant deadline = deadline(request);
            if (!clock.instant().isBefore(deadline)) {
                fail(request, outOfTime(request), request.attempts());
                return CompletableFuture.completedFuture(null);
            }
        }
        CompletableFuture<Void> step = switch (request.state()) {
            case QUEUED -> call(request, () -> utrex.submitAsync(request.ssid(), request.requestType(),
                    request.correlationId(), blockingCalls))
                    .thenAcceptAsync(submission -> sent(request, submission), workers);
            case SENT -> call(request, () -> utrex.statusAsync(request.utrexRequestId(), blockingCalls))
                    .thenComposeAsync(status -> afterStatus(request, status), workers);
            default -> {
                requests.releaseLease(id, node);
                yield CompletableFuture.completedFuture(null);
            }
        };
        return step.handleAsync((ignored, e) -> {
            if (e != null) {
                handle(request, unwrap(e));
            }
            return null;
        }, workers);
    }

    /**
     * Starts a call to the state and keeps it where {@link #close()} can cancel it. A call still out when
     * the request's time is up is given up on: {@link UtrexApi}'s calls end by their own deadline, so this
     * only bounds one that never does.
     */
    private <T> CompletableFuture<T> call(BackpackRequest request, Supplier<CompletableFuture<T>> start) {
        CompletableFuture<T> call;
        try {
            call = start.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        Instant deadline = deadline(request);
        if (!Instant.MAX.equals(deadline)) {
            long left = Math.max(1, Duration.between(clock.instant(), deadline).toMillis());
            call.orTimeout(left, TimeUnit.MILLISECONDS);
        }
        inFlight.replace(request.id(), call);
        return call;
    }

    /** What a failed step means for its request: a retry, a wait, or its end. */
    private void handle(BackpackRequest request, Throwable e) {
        if (closing.get() && (e instanceof CancellationException || e instanceof RejectedExecutionException)) {
            return; // stopping: the claim is handed back and the step repeated by whoever takes it
        }
        if (e instanceof UtrexException u) {
            if (u.permanent()) {
                fail(request, u.getMessage(), request.attempts() + 1);
            } else if (u.kind() == UtrexException.Kind.RATE_LIMITED) {
                slowDown(request, u.getMessage(), u.retryAfter());
            } else {
                retryLater(request, u.getMessage(), u.retryAfter());
            }
        } else if (e instanceof TimeoutException) {
            fail(request, outOfTime(request), request.attempts());
        } else if (e instanceof DocumentException) {
            fail(request, e.getMessage(), request.attempts());
        } else if (e instanceof LeaseLost) {
            LOG.info("Backpack request {} was taken over by another node before this one could store it", request.id());
        } else if (e instanceof RuntimeException) {
            LOG.warn("Backpack request {} hit an unexpected error; will retry: {}", request.id(), e.toString());
            retryLater(request, "An unexpected problem stopped the request on the SIS side ("
                    + e.getClass().getSimpleName() + ").", null);
        } else if (e instanceof Error error) {
            throw error;
        } else {
            throw new IllegalStateException(e);
        }
    }

    private static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private void sent(BackpackRequest request, UtrexApi.Submission submission) {
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

    private CompletableFuture<Void> afterStatus(BackpackRequest request, UtrexApi.Status status) {
        if (status.failed()) {
            fail(request, utrex.stateName() + " could not produce the Backpack: "
                    + (status.error() == null ? "it gave no reason." : status.error()), request.attempts());
            return CompletableFuture.completedFuture(null);
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
            return CompletableFuture.completedFuture(null);
        }
        return fetchAndStore(request);
    }

    /**
     * Streams the document to a temporary file (bounded by the size limit), checks its whole structure,
     * and only then stores it, verbatim and as records, in one transaction with the RECEIVED state. The
     * download holds no thread; the check and store run on a worker.
     */
    private CompletableFuture<Void> fetchAndStore(BackpackRequest request) {
        Path file;
        try {
            file = Files.createTempFile(downloads, DOWNLOAD_PREFIX, ".json");
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create a temporary file for the Backpack document", e);
        }
        return call(request, () -> utrex.downloadAsync(request.utrexRequestId(), file, blockingCalls))
                .thenAcceptAsync(size -> store(request, file), workers)
                .whenComplete((ignored, e) -> {
                    try {
                        Files.deleteIfExists(file);
                    } catch (IOException ex) {
                        LOG.warn("Could not delete the temporary Backpack document {}: {}", file, ex.getMessage());
                    }
                });
    }

    private void store(BackpackRequest request, Path file) {
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
     * Stops looking for work, lets the steps under way finish (up to 10 seconds in all), cancels the calls
     * still out after that, then hands back this node's claims so other nodes need not wait for them to lapse.
     */
    @Override
    public void close() {
        closing.set(true);
        scheduler.shutdownNow();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        try {
            while (!inFlight.isEmpty() && System.nanoTime() - end < 0) {
                Thread.sleep(10);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        inFlight.values().forEach(call -> call.cancel(true));
        workers.shutdown();
        blockingCalls.shutdownNow();
        try {
            if (!workers.awaitTermination(2, TimeUnit.SECONDS)) {
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
