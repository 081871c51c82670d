package org.utbackpack.plugin;

/** The plugin's one unchecked base exception; subclasses say what kind of thing went wrong. */
public class BackpackException extends RuntimeException {
    public BackpackException(String message) {
        super(message);
    }

    public BackpackException(String message, Throwable cause) {
        super(message, cause);
    }
}
