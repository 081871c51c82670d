package org.utbackpack.plugin.utrex;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The UTREx calls the forwarder makes (DESIGN §6). {@link UtrexClient} speaks them over HTTP; the
 * interface is the seam where the forwarder's tests put a scripted UTREx. Every method either returns
 * or throws {@link UtrexException}.
 *
 * <p>The forwarder calls the asynchronous forms ({@link #submitAsync}, {@link #statusAsync},
 * {@link #downloadAsync}), which complete when the state has answered (or fail with
 * {@link UtrexException}). {@link UtrexClient} holds no thread while UTREx answers. The defaults here run
 * the blocking forms on {@code blocking}, a bounded pool the forwarder gives: a state connection without
 * asynchronous calls (USIMS, whose reads are many small calls, and the tests' scripted states) holds one
 * of its threads per call, as every call did before.
 */
public interface UtrexApi {

    /** What a submit returned; {@code retryAfter} is null when UTREx did not say when to ask again. */
    record Submission(String requestId, Duration retryAfter) {
    }

    /** What a status poll returned; status is Queued, Processing, Complete or Failed. */
    record Status(String status, String error, Duration retryAfter) {
        public boolean complete() {
            return "Complete".equalsIgnoreCase(status);
        }

        public boolean failed() {
            return "Failed".equalsIgnoreCase(status);
        }

        /** Not done yet, in a word the contract knows (Queued, Processing). */
        public boolean pending() {
            return "Queued".equalsIgnoreCase(status) || "Processing".equalsIgnoreCase(status);
        }
    }

    /** Asks UTREx for a student's Backpack; the correlation id makes a repeated submit harmless. */
    Submission submit(String ssid, String requestType, String correlationId);

    Status status(String requestId);

    /**
     * Streams the finished document, decompressed, into {@code target} (replacing it) and returns its
     * size in bytes. Never holds the document in memory; stops with a permanent failure naming the
     * limit as soon as the document is larger than the configured limit.
     */
    long download(String requestId, Path target);

    /** {@link #submit}, completing when the state has answered; the default runs it on {@code blocking}. */
    default CompletableFuture<Submission> submitAsync(String ssid, String requestType, String correlationId,
                                                      Executor blocking) {
        return CompletableFuture.supplyAsync(() -> submit(ssid, requestType, correlationId), blocking);
    }

    /** {@link #status}, completing when the state has answered; the default runs it on {@code blocking}. */
    default CompletableFuture<Status> statusAsync(String requestId, Executor blocking) {
        return CompletableFuture.supplyAsync(() -> status(requestId), blocking);
    }

    /**
     * {@link #download}, completing when the whole document is in {@code target}; the default runs it on
     * {@code blocking}. The size limit and the streaming to the file are as for {@link #download}.
     */
    default CompletableFuture<Long> downloadAsync(String requestId, Path target, Executor blocking) {
        return CompletableFuture.supplyAsync(() -> download(requestId, target), blocking);
    }

    /** The configured document size limit, as a person reads it ("50 MB"). */
    String maxDocumentSize();

    /** The state's name as staff read it in reasons and the disclosure log: "UTREx", or "USIMS". */
    default String stateName() {
        return "UTREx";
    }

    /** What a stored file records as its source (U_UT_BP_FILE.SOURCE): UTREX, or USIMS_EDFI. */
    default String sourceCode() {
        return "UTREX";
    }
}
