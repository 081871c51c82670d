package org.utbackpack.plugin;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
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
import org.utbackpack.plugin.backpack.RecordKeys;
import org.utbackpack.plugin.db.Jdbc;
import org.utbackpack.plugin.export.BackpackExport;
import org.utbackpack.plugin.request.Forwarder;
import org.utbackpack.plugin.request.RequestRepository;
import org.utbackpack.plugin.request.RequestCancel;
import org.utbackpack.plugin.request.RequestRetry;
import org.utbackpack.plugin.request.RequestService;
import org.utbackpack.plugin.source.StateConnection;
import org.utbackpack.plugin.utrex.UtrexConfig;
import org.utbackpack.plugin.web.BrokerServlet;
import org.utbackpack.plugin.web.CancelAction;
import org.utbackpack.plugin.web.ExportAction;
import org.utbackpack.plugin.web.PageAccessFilter;
import org.utbackpack.plugin.web.QueryDisclosures;
import org.utbackpack.plugin.web.RetryAction;
import org.utbackpack.plugin.web.UtrexSettingsFilter;
import org.utbackpack.plugin.web.UtrexSettingsServlet;
import org.utbackpack.plugin.web.Routes;
import org.utbackpack.plugin.sis.Sis;

import javax.sql.DataSource;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.time.Clock;
import java.util.EnumSet;
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
        // files stored by an earlier version get their records' page order before any page reads it
        new RecordKeys(jdbc).keyStoredFiles();
        AuditLog audit = new AuditLog(clock);
        RequestRepository requests = new RequestRepository(jdbc);
        StaffAccess staffAccess = new StaffAccess(jdbc);
        Forwarder.Settings forwarding = Forwarder.Settings.from(context::getInitParameter, System::getenv);
        Forwarder forwarder = new Forwarder(jdbc, requests, state.api(), new BackpackIngest(json), audit, clock, nodeName(),
                forwarding);
        RequestService requestService = new RequestService(jdbc, requests, audit, clock, forwarder::wake);

        RetryAction retry = new RetryAction(new RequestRetry(jdbc, requests, audit, clock, forwarder::wake), staffAccess);
        ExportAction export = new ExportAction(new BackpackExport(jdbc, json, audit, clock), staffAccess);
        StaffAccessEditor staffAccessEditor = new StaffAccessEditor(jdbc, staffAccess, audit, sisAuditTrail(context));
        CancelAction cancel = new CancelAction(new RequestCancel(jdbc, requests, audit, clock), staffAccess);
        context.addServlet("utbackpack-broker", new BrokerServlet(requestService, requests, staffAccess, json, retry,
                        staffAccessEditor, export, cancel))
                .addMapping(Routes.BROKER + "/*");
        PageAccessFilter access = new PageAccessFilter(staffAccess);
        FilterRegistration.Dynamic pages = context.addFilter("utbackpack-access", access);
        pages.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true,
                Routes.STAFF_TAB, Routes.GUARDIAN_QUEUE, Routes.GUARDIAN_PAGE, Routes.STAFF_ACCESS_PAGE,
                Routes.UTAH_STATE_PAGE, Routes.SPECIAL_FUNCTIONS_PAGE, Routes.STAFF_INFORMATION_PAGE, Routes.POWERQUERY + "*");
        // the SIS asks the same access rule before it runs our PowerQueries for a caller, and tells us what
        // it served so the disclosure log is written where the data leaves (Sis.ACCESS_SERVICE)
        context.setAttribute(Sis.ACCESS_SERVICE, access);
        context.setAttribute(Sis.DISCLOSURE_SERVICE, new QueryDisclosures(new DisclosureLog(jdbc, audit)));
        context.addServlet("utbackpack-utrex-settings", new UtrexSettingsServlet(state))
                .addMapping(Routes.UTREX_ACTIONS + "/*");
        context.addFilter("utbackpack-utrex-settings", new UtrexSettingsFilter(state, forwarding,
                        name -> origin(context.getInitParameter(name), System.getenv(UtrexConfig.environmentName(name)))))
                .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, Routes.UTREX_SETTINGS);
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

    private static UtrexConfig.Origin origin(String setting, String environment) {
        if (setting != null && !setting.isBlank()) {
            return UtrexConfig.Origin.PLUGIN_SETTING;
        }
        return environment != null && !environment.isBlank() ? UtrexConfig.Origin.ENVIRONMENT : UtrexConfig.Origin.DEFAULT;
    }

    /** Names this node in lease columns, so an operator can tell which server holds a request. */
    private static String nodeName() {
        return ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8);
    }
}
