package org.utbackpack.plugin.web.decisions;

import jakarta.servlet.ServletContext;
import org.utbackpack.plugin.access.StaffAccess;
import org.utbackpack.plugin.request.RequestService;
import org.utbackpack.plugin.web.Routes;

/** Registers the guardian decisions feature's route: approving and rejecting guardians' requests. */
public final class DecisionRoutes {

    private DecisionRoutes() {
    }

    public static void register(ServletContext context, RequestService requestService, StaffAccess staffAccess) {
        context.addServlet("utbackpack-decisions", new DecisionsServlet(requestService, staffAccess))
                .addMapping(Routes.DECISIONS);
    }
}
