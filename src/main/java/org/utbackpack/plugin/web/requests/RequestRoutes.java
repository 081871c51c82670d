package org.utbackpack.plugin.web.requests;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.ServletContext;
import org.utbackpack.plugin.access.StaffAccess;
import org.utbackpack.plugin.request.RequestCancel;
import org.utbackpack.plugin.request.RequestRepository;
import org.utbackpack.plugin.request.RequestRetry;
import org.utbackpack.plugin.request.RequestService;
import org.utbackpack.plugin.web.Routes;

/** Registers the requests feature's routes: make, retry and cancel a request, and follow its progress. */
public final class RequestRoutes {

    private RequestRoutes() {
    }

    public static void register(ServletContext context, RequestService requestService, RequestRepository requests,
                                RequestRetry retry, RequestCancel cancel, StaffAccess staffAccess, ObjectMapper json) {
        context.addServlet("utbackpack-requests", new RequestsServlet(requestService, requests, staffAccess, json,
                        new RetryAction(retry, staffAccess), new CancelAction(cancel, staffAccess)))
                .addMapping(Routes.MAKE_REQUEST + "/*", Routes.GUARDIAN_REQUEST, Routes.STATUS, Routes.GUARDIAN_STATUS);
    }
}
