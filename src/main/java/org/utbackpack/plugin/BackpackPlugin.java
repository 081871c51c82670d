package org.utbackpack.plugin;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.utbackpack.plugin.access.StaffAccess;
import org.utbackpack.plugin.access.StaffAccessEditor;
import org.utbackpack.plugin.audit.AuditLog;
import org.utbackpack.plugin.audit.DisclosureLog;
import org.utbackpack.plugin.backpack.BackpackIngest;
import org.utbackpack.plugin.backpack.FileSummary;
import org.utbackpack.plugin.backpack.RecordKeys;
import org.utbackpack.plugin.db.Jdbc;
import org.utbackpack.plugin.export.BackpackExport;
import org.utbackpack.plugin.request.Forwarder;
import org.utbackpack.plugin.request.ForwarderSettings;
import org.utbackpack.plugin.request.RequestRepository;
import org.utbackpack.plugin.request.RequestCancel;
import org.utbackpack.plugin.request.RequestRetry;
import org.utbackpack.plugin.request.RequestService;
import org.utbackpack.plugin.source.StateConnection;
import org.utbackpack.plugin.web.SharedRoutes;
import org.utbackpack.plugin.web.decisions.DecisionRoutes;
import org.utbackpack.plugin.web.export.ExportRoutes;
import org.utbackpack.plugin.web.requests.RequestRoutes;
import org.utbackpack.plugin.web.settings.SettingsRoutes;
import org.utbackpack.plugin.web.staffaccess.StaffAccessRoutes;
import org.utbackpack.plugin.sis.Sis;

import javax.sql.DataSource;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiConsumer;

/**
 * The plugin's composition root. The SIS finds it through the standard
 * {@code META-INF/services/jakarta.servlet.ServletContainerInitializer} entry of the plugin's jar and
 * calls it once while starting; every object of the plugin is built here, through constructors.
 */
public final class BackpackPlugin implements ServletContainerInitializer {

    private static final Logger LOG = LoggerFactory.getLogger(BackpackPlugin.class);

    @Override
    public void onStartup(Set<Class<?>> ignored, ServletContext context) {
        DataSource dataSource = (DataSource) context.getAttribute(Sis.DATA_SOURCE);
        if (dataSource == null) {
            throw new BackpackException("The SIS did not provide a database (context attribute " + Sis.DATA_SOURCE + ")");
        }
        Clock clock = Clock.systemUTC();
        ObjectMapper json = new ObjectMapper();
        StateConnection state = StateConnection.from(context::getInitParameter, System::getenv, json, clock);
        Jdbc jdbc = new Jdbc(dataSource);
        // files stored by an earlier version get their records' page order before any page reads it, and
        // before their summary, which keeps each school year's first key
        new RecordKeys(jdbc).keyStoredFiles();
        summariseStoredFiles(jdbc);
        AuditLog audit = new AuditLog(clock);
        RequestRepository requests = new RequestRepository(jdbc);
        placeRequestsInSchools(requests);
        StaffAccess staffAccess = new StaffAccess(jdbc);
        ForwarderSettings forwarding = ForwarderSettings.from(context::getInitParameter, System::getenv);
        Forwarder forwarder = new Forwarder(jdbc, requests, state.api(), new BackpackIngest(json), audit, clock, nodeName(),
                forwarding);
        RequestService requestService = new RequestService(jdbc, requests, audit, clock, forwarder::wake);

        // one servlet per feature under /ws/utbackpack; the broker answers 404 for any other address there
        SharedRoutes.register(context, staffAccess, new DisclosureLog(jdbc, audit));
        RequestRoutes.register(context, requestService, requests,
                new RequestRetry(jdbc, requests, audit, clock, forwarder::wake),
                new RequestCancel(jdbc, requests, audit, clock), staffAccess, json);
        DecisionRoutes.register(context, requestService, staffAccess);
        StaffAccessRoutes.register(context, new StaffAccessEditor(jdbc, staffAccess, audit, sisAuditTrail(context)));
        ExportRoutes.register(context, new BackpackExport(jdbc, json, audit, clock), staffAccess);
        SettingsRoutes.register(context, state, forwarding);
        context.addListener(new ServletContextListener() {
            @Override
            public void contextInitialized(ServletContextEvent event) {
                forwarder.start();
                LOG.info("Student Backpack broker started; {}", state.describe());
            }

            @Override
            public void contextDestroyed(ServletContextEvent event) {
                forwarder.close();
                try {
                    state.close();
                } catch (IOException e) {
                    LOG.debug("Closing the state connection: {}", e.toString());
                }
            }
        });
    }

    /**
     * Files stored by a version from before per-file summaries were kept are summarised here, when the SIS
     * enables or updates the plugin, before any page can show them: the tab reads counts and trends only
     * from the summary.
     */
    private static void summariseStoredFiles(Jdbc jdbc) {
        try {
            new FileSummary().summariseStoredFiles(jdbc);
        } catch (RuntimeException e) {
            throw new BackpackException("Could not summarise the Backpack files stored before this version of the"
                    + " plugin; enable the plugin again to finish (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Requests stored by a version from before each request kept its school are given their student's school
     * here, when the SIS enables or updates the plugin, so a school's lists (read by that field) miss none.
     */
    private static void placeRequestsInSchools(RequestRepository requests) {
        long start = System.nanoTime();
        int placed;
        try {
            placed = requests.placeInSchools();
        } catch (RuntimeException e) {
            throw new BackpackException("Could not give the Backpack requests stored before this version of the"
                    + " plugin their school; enable the plugin again to finish (" + e.getMessage() + ")", e);
        }
        if (placed > 0) {
            LOG.info("Backpack requests given their student's school: {}, in {} ms", placed,
                    (System.nanoTime() - start) / 1_000_000);
        }
    }

    /**
     * The SIS's Audit Trail, where changes of who can see data are recorded (context attribute
     * {@code ps.auditTrail}); null when the SIS offers none, and then only the disclosure log records them.
     */
    @SuppressWarnings("unchecked")
    private static BiConsumer<Connection, Map<String, String>> sisAuditTrail(ServletContext context) {
        Object trail = context.getAttribute(Sis.AUDIT_TRAIL);
        if (trail == null) {
            LOG.warn("The SIS offers no Audit Trail ({}); staff access changes go to the disclosure log only",
                    Sis.AUDIT_TRAIL);
            return null;
        }
        if (!(trail instanceof BiConsumer<?, ?>)) {
            throw new BackpackException("The SIS's " + Sis.AUDIT_TRAIL + " is not a BiConsumer<Connection, Map<String, String>>");
        }
        return (BiConsumer<Connection, Map<String, String>>) trail;
    }

    /** Names this node in lease columns, so an operator can tell which server holds a request. */
    private static String nodeName() {
        return ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8);
    }
}
