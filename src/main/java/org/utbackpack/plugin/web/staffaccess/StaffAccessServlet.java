package org.utbackpack.plugin.web.staffaccess;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.utbackpack.plugin.access.StaffAccess;
import org.utbackpack.plugin.access.StaffAccessEditor;
import org.utbackpack.plugin.sis.Sis;
import org.utbackpack.plugin.web.BrokerServlet;
import org.utbackpack.plugin.web.Routes;

import java.io.IOException;
import java.util.Optional;

/**
 * {@code POST /ws/utbackpack/staffaccess}: saves the two Student Backpack checkboxes of a staff member's record
 * ({@code frn=005<SCHOOLSTAFF.DCID>}). Only staff whose SIS roles give {@link StaffAccessEditor#PERMISSION} may;
 * the change goes to the disclosure log and the SIS's Audit Trail with the old and new values.
 */
final class StaffAccessServlet extends BrokerServlet {

    static final String NO_ACCESS_PERMISSION = "You may not change Student Backpack Access: it takes the permission"
            + " to edit Student Backpack Access, which your SIS administrator gives through a role.";

    private final transient StaffAccessEditor staffAccessEditor;

    StaffAccessServlet(StaffAccessEditor staffAccessEditor) {
        this.staffAccessEditor = staffAccessEditor;
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!"/staffaccess".equals(route(request))) {
            super.doPost(request, response);
            return;
        }
        if (!Sis.isStaff(request) || !Sis.hasPermission(request, StaffAccessEditor.PERMISSION)) {
            response.sendError(HttpServletResponse.SC_FORBIDDEN, NO_ACCESS_PERMISSION);
            return;
        }
        Optional<Long> staff = Sis.staffFrn(request.getParameter("frn"));
        if (staff.isEmpty()) {
            response.sendError(HttpServletResponse.SC_BAD_REQUEST, "The request does not name a staff member.");
            return;
        }
        StaffAccess.Access wanted = new StaffAccess.Access(request.getParameter("viewAccess") != null,
                request.getParameter("requestAccess") != null);
        StaffAccessEditor.Outcome outcome = staffAccessEditor.save(staff.get(), wanted, Sis.userId(request),
                Sis.userName(request));
        if (outcome == StaffAccessEditor.Outcome.NO_STAFF) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND, "There is no such staff member.");
            return;
        }
        seeOther(request, response, Routes.STAFF_ACCESS_PAGE + "?frn=005" + staff.get() + "&notice=saved");
    }
}
