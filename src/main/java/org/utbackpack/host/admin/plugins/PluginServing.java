package org.utbackpack.host.admin.plugins;

import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.utbackpack.host.runtime.PluginRuntime;

import java.util.Collection;
import java.util.List;

/**
 * Puts plugins in and out of service: the host's live list (read by its pages, page fragments, PowerQueries
 * and dispatch) holds only enabled plugins, and their Java code ({@link PluginCode}) runs in the host's
 * servlet context only while they are enabled. Called under {@link PluginManager}'s lock.
 */
final class PluginServing {

    private static final Logger LOG = LoggerFactory.getLogger(PluginServing.class);

    private final List<PluginRuntime> live;
    /** The host's servlet context, once it started; until then code is started with it. */
    private ServletContextHandler context;

    /** @param live the host's list of enabled plugins */
    PluginServing(List<PluginRuntime> live) {
        this.live = live;
    }

    /** At start, before the servlet context exists: the plugin's pages and queries answer; its code starts later. */
    void serve(LoadedPlugin p) {
        live.add(p.runtime);
    }

    /**
     * While the host's servlet context starts: starts the code of the enabled plugins. A plugin whose code
     * fails to start is left disabled with the reason as its note; the host still starts.
     */
    void startCode(ServletContextHandler servletContext, Collection<LoadedPlugin> plugins) {
        this.context = servletContext;
        for (LoadedPlugin p : plugins) {
            if (p.enabled && p.runtime != null && p.code == null) {
                try {
                    p.code = PluginCode.start(p.runtime, servletContext);
                } catch (PluginCode.StartFailure e) {
                    LOG.error("{}; the plugin stays disabled until an administrator enables it again", e.getMessage(), e);
                    live.remove(p.runtime);
                    p.enabled = false;
                    p.note = e.getMessage();
                }
            }
        }
    }

    /** Starts the plugin's code, then lets its pages answer. Null when done, else why its code did not start. */
    String enable(LoadedPlugin p) {
        try {
            p.code = context == null ? null : PluginCode.start(p.runtime, context);
        } catch (PluginCode.StartFailure e) {
            LOG.error(e.getMessage(), e);
            p.note = e.getMessage();
            return e.getMessage();
        }
        p.enabled = true;
        p.note = null;
        live.add(p.runtime);
        return null;
    }

    /**
     * Stops the old version's code and starts the new one's, which takes the old one's place in the live
     * list; on failure the old one runs again. Null when done, else why the new code did not start.
     */
    String replace(LoadedPlugin old, LoadedPlugin updated) {
        if (old.code != null) {
            old.code.stop();
            old.code = null;
        }
        try {
            updated.code = context == null ? null : PluginCode.start(updated.runtime, context);
        } catch (PluginCode.StartFailure e) {
            LOG.error(e.getMessage(), e);
            try {
                old.code = PluginCode.start(old.runtime, context);
            } catch (PluginCode.StartFailure again) {
                LOG.error("The installed version did not start again either: {}", again.getMessage(), again);
                live.remove(old.runtime);
                old.enabled = false;
                old.note = again.getMessage();
            }
            return e.getMessage();
        }
        int at = live.indexOf(old.runtime);
        if (at >= 0) {
            live.set(at, updated.runtime);
        } else {
            live.add(updated.runtime);
        }
        return null;
    }

    /** Takes a plugin out of the live list first (pages stop), then stops its code. */
    void stop(LoadedPlugin p) {
        if (p.runtime != null) {
            live.remove(p.runtime);
        }
        stopCode(p);
        p.enabled = false;
    }

    /** At host stop: every plugin's code ends and the live list empties. */
    void stopAll(Collection<LoadedPlugin> plugins) {
        for (LoadedPlugin p : plugins) {
            stopCode(p);
            Runtimes.closeQuietly(p.runtime);
        }
        live.clear();
    }

    private static void stopCode(LoadedPlugin p) {
        if (p.code != null) {
            p.code.stop();
            p.code = null;
        }
    }
}
