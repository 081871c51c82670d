package org.utbackpack.plugin.web.export;

import jakarta.servlet.ServletContext;
import org.utbackpack.plugin.access.StaffAccess;
import org.utbackpack.plugin.export.BackpackExport;
import org.utbackpack.plugin.web.Routes;

/** Registers the export feature's route: downloading a stored retrieval as Ed-Fi files or CSV. */
public final class ExportRoutes {

    private ExportRoutes() {
    }

    public static void register(ServletContext context, BackpackExport exports, StaffAccess staffAccess) {
        context.addServlet("utbackpack-export", new ExportServlet(exports, staffAccess)).addMapping(Routes.EXPORT);
    }
}
