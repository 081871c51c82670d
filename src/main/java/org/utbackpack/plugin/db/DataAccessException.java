package org.utbackpack.plugin.db;

import org.utbackpack.plugin.BackpackException;

/** A database statement failed; the message carries the statement. */
final class DataAccessException extends BackpackException {
    DataAccessException(String message, Throwable cause) {
        super(message, cause);
    }
}
