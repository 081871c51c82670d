package org.utbackpack.browser;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Keeps the browsers a journey opened; when the journey fails, each one's page is saved under
 * target/journeys/ so a reviewer can see what the person saw, then all are closed.
 */
final class Evidence implements TestWatcher {

    private final List<Map.Entry<String, Chrome>> open = new ArrayList<>();

    Chrome open(String who, java.net.URI base) {
        Chrome chrome = new Chrome(base);
        open.add(Map.entry(who, chrome));
        return chrome;
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        for (Map.Entry<String, Chrome> e : open) {
            e.getValue().screenshot("FAILED-" + context.getRequiredTestMethod().getName() + "-" + e.getKey());
        }
        closeAll();
    }

    @Override
    public void testSuccessful(ExtensionContext context) {
        closeAll();
    }

    @Override
    public void testAborted(ExtensionContext context, Throwable cause) {
        closeAll();
    }

    @Override
    public void testDisabled(ExtensionContext context, Optional<String> reason) {
        closeAll();
    }

    private void closeAll() {
        open.forEach(e -> e.getValue().close());
        open.clear();
    }
}
