package org.utbackpack.host.web;

import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;

import java.util.concurrent.atomic.AtomicInteger;

/** The server sessions alive now: one per signed-in person (a signed-out visitor has none). */
public final class SessionCount implements HttpSessionListener {

    private final AtomicInteger live = new AtomicInteger();

    @Override
    public void sessionCreated(HttpSessionEvent event) {
        live.incrementAndGet();
    }

    @Override
    public void sessionDestroyed(HttpSessionEvent event) {
        live.decrementAndGet();
    }

    public int live() {
        return live.get();
    }
}
