package org.utbackpack.plugin.web.staffaccess;

import jakarta.servlet.ServletContext;
import org.utbackpack.plugin.access.StaffAccessEditor;
import org.utbackpack.plugin.web.Routes;

/** Registers the staff access feature's route: granting and revoking a staff member's Student Backpack Access. */
public final class StaffAccessRoutes {

    private StaffAccessRoutes() {
    }

    public static void register(ServletContext context, StaffAccessEditor editor) {
        context.addServlet("utbackpack-staffaccess", new StaffAccessServlet(editor)).addMapping(Routes.STAFF_ACCESS);
    }
}
