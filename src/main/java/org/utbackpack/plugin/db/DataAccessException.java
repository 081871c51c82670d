package org.utbackpack.plugin.db;

import org.utbackpack.plugin.BackpackException;

/** A database statement failed; the message carries the statement. */
public final class DataAccessException extends BackpackException {
    public DataAccessException(String message, Throwable cause) {
        super(message, cause);
    }
}
