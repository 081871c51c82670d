package org.utbackpack.host.db;

import liquibase.logging.Logger;
import liquibase.logging.core.AbstractLogService;
import liquibase.logging.core.AbstractLogger;

import java.util.logging.Level;

/**
 * Routes Liquibase's log to java.util.logging at WARNING and above only: the host migrates on every
 * start, and a page of INFO lines each time would bury what matters.
 */
public final class QuietLogService extends AbstractLogService {

    @Override
    public int getPriority() {
        return PRIORITY_SPECIALIZED;
    }

    @Override
    public Logger getLog(Class clazz) {
        java.util.logging.Logger target = java.util.logging.Logger.getLogger(clazz.getName());
        return new AbstractLogger() {
            @Override
            public void log(Level level, String message, Throwable e) {
                // Level.OFF ranks above SEVERE but means "never log" (Liquibase uses it for analytics notes).
                if (level.intValue() >= Level.WARNING.intValue() && level != Level.OFF) {
                    target.logp(level, clazz.getName(), null, message, e);
                }
            }
        };
    }
}
