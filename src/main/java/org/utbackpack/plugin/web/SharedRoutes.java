package org.utbackpack.plugin.web;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import org.utbackpack.plugin.access.StaffAccess;
import org.utbackpack.plugin.audit.DisclosureLog;
import org.utbackpack.plugin.sis.Sis;

import java.util.EnumSet;

/**
 * Registers what every feature shares: the access rule of the plugin's pages and PowerQueries
 * ({@link PageAccessFilter}, also handed to the SIS), the disclosure log where the SIS serves our queries'
 * data ({@link QueryDisclosures}), and the broker's answer for addresses no feature serves ({@link BrokerServlet}).
 */
public final class SharedRoutes {

    private SharedRoutes() {
    }

    public static void register(ServletContext context, StaffAccess staffAccess, DisclosureLog disclosures) {
        context.addServlet("utbackpack-broker", new BrokerServlet()).addMapping(Routes.BROKER + "/*");
        PageAccessFilter access = new PageAccessFilter(staffAccess);
        FilterRegistration.Dynamic pages = context.addFilter("utbackpack-access", access);
        pages.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true,
                Routes.STAFF_TAB, Routes.GUARDIAN_QUEUE, Routes.GUARDIAN_PAGE, Routes.STAFF_ACCESS_PAGE,
                Routes.UTAH_STATE_PAGE, Routes.SPECIAL_FUNCTIONS_PAGE, Routes.STAFF_INFORMATION_PAGE, Routes.POWERQUERY + "*");
        // the SIS asks the same access rule before it runs our PowerQueries for a caller, and tells us what
        // it served so the disclosure log is written where the data leaves (Sis.ACCESS_SERVICE)
        context.setAttribute(Sis.ACCESS_SERVICE, access);
        context.setAttribute(Sis.DISCLOSURE_SERVICE, new QueryDisclosures(disclosures));
    }
}
