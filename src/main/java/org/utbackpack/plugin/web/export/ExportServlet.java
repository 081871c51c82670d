package org.utbackpack.plugin.web.export;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.utbackpack.plugin.access.StaffAccess;
import org.utbackpack.plugin.audit.AuditLog;
import org.utbackpack.plugin.audit.ElementNames;
import org.utbackpack.plugin.export.BackpackExport;
import org.utbackpack.plugin.export.StoredFile;
import org.utbackpack.plugin.sis.Sis;
import org.utbackpack.plugin.web.BrokerServlet;

import java.io.IOException;
import java.util.Optional;

/**
 * {@code GET /ws/utbackpack/export?frn=001<DCID>&format=edfi|csv&element=..&file=..}: downloads a stored
 * retrieval (the latest when {@code file} is absent) as Ed-Fi Data Standard 5 files (a zip for a loader) or one
 * data element as CSV. Only staff with Viewer / Request Access may; the file must be the student's; each
 * download is written to the disclosure log before the first byte is sent. A GET, since it changes nothing but the log.
 */
final class ExportServlet extends BrokerServlet {

    private final transient BackpackExport exports;
    private final transient StaffAccess staffAccess;

    ExportServlet(BackpackExport exports, StaffAccess staffAccess) {
        this.exports = exports;
        this.staffAccess = staffAccess;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!"/export".equals(route(request))) {
            super.doGet(request, response);
            return;
        }
        if (!staffAccess.of(request).request()) {
            response.sendError(HttpServletResponse.SC_FORBIDDEN, "You do not have Student Backpack Viewer / Request"
                    + " Access, so you cannot export Backpack files.");
            return;
        }
        Optional<Long> student = Sis.studentFrn(request.getParameter("frn"));
        if (student.isEmpty()) {
            response.sendError(HttpServletResponse.SC_BAD_REQUEST, "The request does not name a student.");
            return;
        }
        String format = request.getParameter("format");
        String element = request.getParameter("element");
        if (!"edfi".equals(format) && !"csv".equals(format)) {
            response.sendError(HttpServletResponse.SC_BAD_REQUEST, "Choose an export format: edfi or csv.");
            return;
        }
        if ("csv".equals(format) && !BackpackExport.isCsvElement(element)) {
            response.sendError(HttpServletResponse.SC_BAD_REQUEST, "Choose the data element to export as CSV.");
            return;
        }
        String file = request.getParameter("file");
        if (file != null && !file.isEmpty() && !file.matches("\\d{1,18}")) {
            response.sendError(HttpServletResponse.SC_BAD_REQUEST, "The retrieval number is not valid.");
            return;
        }
        Optional<StoredFile> stored = exports.file(student.get(), file == null || file.isEmpty() ? 0 : Long.parseLong(file));
        if (stored.isEmpty()) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND, "This student has no such Backpack retrieval.");
            return;
        }
        boolean edFi = "edfi".equals(format);
        exports.recordExport(AuditLog.Actor.staff(Sis.userId(request), Sis.userName(request)), stored.get(),
                edFi ? "the whole Backpack as Ed-Fi files"
                        : ElementNames.of(element).orElse(element) + " as CSV");
        String filename = edFi ? BackpackExport.filename(stored.get(), "edfi", "zip")
                : BackpackExport.filename(stored.get(), element, "csv");
        response.setContentType(edFi ? "application/zip" : "text/csv");
        if (!edFi) {
            response.setCharacterEncoding("UTF-8");
        }
        response.setHeader("Content-Disposition", "attachment; filename=\"" + filename + "\"");
        response.setHeader("Cache-Control", "no-store");
        if (edFi) {
            exports.writeEdFi(stored.get(), response.getOutputStream());
        } else {
            exports.writeCsv(stored.get(), element, response.getOutputStream());
        }
    }
}
