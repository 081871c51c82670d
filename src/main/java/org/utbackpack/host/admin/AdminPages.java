package org.utbackpack.host.admin;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.MultipartConfigElement;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.utbackpack.host.admin.audit.AuditServlet;
import org.utbackpack.host.admin.audit.AuditTrail;
import org.utbackpack.host.admin.plugins.PluginManagementServlet;
import org.utbackpack.host.admin.plugins.PluginManager;
import org.utbackpack.host.admin.staff.StaffRecords;
import org.utbackpack.host.admin.staff.StaffServlet;
import org.utbackpack.host.admin.students.AccessAccounts;
import org.utbackpack.host.admin.students.StateInfo;
import org.utbackpack.host.admin.students.StudentSetupServlet;
import org.utbackpack.host.db.Sql;
import org.utbackpack.host.web.Pages;

import java.nio.file.Path;
import java.util.EnumSet;

/**
 * The administrator's pages: System > Plugin Management Configuration and Audit Trail, the student's
 * State Info SSID and Access Accounts, and Staff (search, New Staff, Information). Mounted by the host
 * after its own filter, so sign-in and CSRF are checked first.
 */
public final class AdminPages {

    public static final String AUDIT = "/admin/tech/audit.html";
    private static final String SYSTEM_PREFIX = "/admin/tech/";

    private AdminPages() {
    }

    /** Pages only staff with USERS.SYSADMIN may open or post to. */
    static boolean sysadminOnly(String path) {
        return path.startsWith(SYSTEM_PREFIX) || path.equals(StaffServlet.NEW);
    }

    public static void mount(ServletContextHandler context, Sql sql, AuditTrail audit, PluginManager plugins,
                             Pages pages, Path uploads) {
        StaffRecords staff = new StaffRecords(sql, audit);
        context.addFilter(new FilterHolder(new AdminFilter(staff)), "/*", EnumSet.of(DispatcherType.REQUEST));

        ServletHolder management = new ServletHolder(new PluginManagementServlet(plugins, pages, uploads));
        management.getRegistration().setMultipartConfig(new MultipartConfigElement(uploads.toString(),
                PluginManagementServlet.MAX_UPLOAD, PluginManagementServlet.MAX_UPLOAD + 1024 * 1024, 1024 * 1024));
        context.addServlet(management, PluginManagementServlet.LIST);
        context.addServlet(management, PluginManagementServlet.ACTIONS + "/*");
        context.addServlet(new ServletHolder(new AuditServlet(audit, pages)), AUDIT);

        ServletHolder students = new ServletHolder(new StudentSetupServlet(new StateInfo(sql.dataSource(), audit),
                new AccessAccounts(sql, audit), pages));
        context.addServlet(students, StudentSetupServlet.SSID);
        context.addServlet(students, StudentSetupServlet.ACCESS_ACCOUNTS);

        ServletHolder staffPages = new ServletHolder(new StaffServlet(staff, pages));
        context.addServlet(staffPages, StaffServlet.SEARCH);
        context.addServlet(staffPages, StaffServlet.NEW);
        context.addServlet(staffPages, StaffServlet.HOME);
    }
}
