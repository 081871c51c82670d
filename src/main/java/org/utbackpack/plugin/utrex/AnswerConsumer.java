package org.utbackpack.plugin.utrex;

import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.nio.AsyncResponseConsumer;
import org.apache.hc.core5.http.nio.CapacityChannel;
import org.apache.hc.core5.http.protocol.HttpContext;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Reads one UTREx answer as its bytes arrive, on the HTTP client's I/O thread, so no thread waits for it.
 * A small JSON answer is kept (up to {@code maxAnswerBytes}); a document (a 200 to a download) is written
 * to {@code document} as it comes, already decompressed by the client, and refused as soon as it passes
 * {@code maxDocumentBytes}: it is never held in memory. Each piece is checked against the call's deadline,
 * so a server that drips an answer is cut off at the deadline, not after its last byte. Not thread-safe:
 * the client calls it from one I/O thread at a time.
 */
final class AnswerConsumer implements AsyncResponseConsumer<AnswerConsumer.Reply> {

    /** What UTREx answered: the status, its Retry-After, the JSON body, or how much document was written. */
    record Reply(int code, String retryAfter, byte[] body, long documentBytes, boolean document, boolean empty) {
    }

    /** Stops the answer with the failure the caller reports (a permanent refusal, or a transient one). */
    static final class Refused extends IOException {
        final transient UtrexException reason;

        Refused(UtrexException reason) {
            super(reason.getMessage(), null);
            this.reason = reason;
        }
    }

    private final long maxAnswerBytes;
    private final Path document;
    private final long maxDocumentBytes;
    private final Supplier<UtrexException> tooLarge;
    private final BooleanSupplier expired;
    private final Supplier<IOException> timedOut;

    private int code;
    private String retryAfter;
    private FutureCallback<Reply> result;
    private ByteArrayOutputStream answer;
    private FileChannel out;
    private long written;

    AnswerConsumer(long maxAnswerBytes, Path document, long maxDocumentBytes, Supplier<UtrexException> tooLarge,
                   BooleanSupplier expired, Supplier<IOException> timedOut) {
        this.maxAnswerBytes = maxAnswerBytes;
        this.document = document;
        this.maxDocumentBytes = maxDocumentBytes;
        this.tooLarge = tooLarge;
        this.expired = expired;
        this.timedOut = timedOut;
    }

    @Override
    public void consumeResponse(HttpResponse response, EntityDetails entity, HttpContext context,
                                FutureCallback<Reply> resultCallback) throws IOException {
        code = response.getCode();
        Header header = response.getFirstHeader("Retry-After");
        retryAfter = header == null ? null : header.getValue();
        result = resultCallback;
        if (entity == null) {
            resultCallback.completed(new Reply(code, retryAfter, new byte[0], 0, false, true));
            return;
        }
        if (document != null && code == 200) {
            // the client decompresses gzip itself and then reports no length, so a known length is the real size
            if (entity.getContentLength() > maxDocumentBytes) {
                throw new Refused(tooLarge.get());
            }
            out = FileChannel.open(document, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE);
        } else {
            answer = new ByteArrayOutputStream();
        }
    }

    @Override
    public void informationResponse(HttpResponse response, HttpContext context) {
        // 1xx answers carry nothing UTREx means
    }

    @Override
    public void updateCapacity(CapacityChannel channel) throws IOException {
        // every piece is written or kept before consume returns, so there is nothing to hold back
        channel.update(Integer.MAX_VALUE);
    }

    @Override
    public void consume(ByteBuffer src) throws IOException {
        if (expired.getAsBoolean()) {
            throw timedOut.get();
        }
        if (out != null) {
            written += src.remaining();
            if (written > maxDocumentBytes) {
                throw new Refused(tooLarge.get());
            }
            while (src.hasRemaining()) {
                out.write(src);
            }
        } else if (answer != null) {
            if (answer.size() + src.remaining() > maxAnswerBytes) {
                throw new Refused(UtrexException.temporary("UTREx sent an unexpectedly large answer.", null));
            }
            byte[] piece = new byte[src.remaining()];
            src.get(piece);
            answer.write(piece);
        }
    }

    @Override
    public void streamEnd(List<? extends Header> trailers) throws IOException {
        boolean isDocument = out != null;
        closeFile();
        if (result != null) {
            result.completed(new Reply(code, retryAfter, answer == null ? new byte[0] : answer.toByteArray(),
                    written, isDocument, false));
        }
    }

    @Override
    public void failed(Exception cause) {
        quietlyCloseFile();
    }

    @Override
    public void releaseResources() {
        quietlyCloseFile();
    }

    private void closeFile() throws IOException {
        FileChannel f = out;
        out = null;
        if (f != null) {
            f.close();
        }
    }

    private void quietlyCloseFile() {
        try {
            closeFile();
        } catch (IOException ignored) {
            // the call already failed; the forwarder deletes the partial file
        }
    }
}
