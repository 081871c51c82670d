package org.utbackpack.plugin.backpack;

import org.utbackpack.plugin.BackpackException;

/** The Backpack document UTREx sent cannot be stored; the message says why, for staff. */
public final class DocumentException extends BackpackException {
    public DocumentException(String message) {
        super(message);
    }

    public DocumentException(String message, Throwable cause) {
        super(message, cause);
    }
}
