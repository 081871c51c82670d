package org.utbackpack.plugin.utrex;

import org.utbackpack.plugin.BackpackException;

/** A UTREx setting is missing or wrong; the message names it. */
public final class UtrexConfigException extends BackpackException {
    public UtrexConfigException(String message) {
        super(message);
    }
}
