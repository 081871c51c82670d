package org.utbackpack.host.plugin;

/** A plugin package cannot be read, extracted or applied; the message says what and where. */
public final class PluginPackageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public PluginPackageException(String message) {
        super(message);
    }

    public PluginPackageException(String message, Throwable cause) {
        super(message, cause);
    }
}
