package org.utbackpack.plugin.sis;

import jakarta.servlet.http.HttpServletRequest;

import java.time.ZoneId;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the plugin reads from the SIS that hosts it: the names under which the SIS hands over its
 * database and the signed-in user, and the SIS's record-number convention ({@code frn=001<DCID>} for
 * a student). The SIS authenticates the user and checks CSRF tokens before the plugin sees a request.
 */
public final class Sis {

    /** ServletContext attribute: the SIS's {@link javax.sql.DataSource}. */
    public static final String DATA_SOURCE = "ps.dataSource";
    /** Request attribute: "staff" or "guardian". */
    public static final String USER_TYPE = "ps.user.type";
    /** Request attribute (Long): USERS.DCID for staff, GUARDIAN.GUARDIANID for a guardian. */
    public static final String USER_ID = "ps.user.id";
    /** Request attribute: the user's display name. */
    public static final String USER_NAME = "ps.user.name";
    /** Request attribute (Long): the student a guardian has selected in the portal. */
    public static final String SELECTED_STUDENT = "ps.student.dcid";

    /**
     * ServletContext attribute the plugin sets: a {@code BiPredicate<HttpServletRequest, String>} the SIS
     * asks whether the request's user may open one of our pages or call one of our routes, before it runs
     * a PowerQuery that page maps.
     */
    public static final String ACCESS_SERVICE = "ps.plugin.access";
    /**
     * ServletContext attribute the plugin sets: a {@code BiConsumer<HttpServletRequest, Map<String, Object>>}
     * the SIS calls each time it returns our PowerQuery results ({@code query}, {@code args}, {@code rows},
     * {@code page}).
     */
    public static final String DISCLOSURE_SERVICE = "ps.plugin.disclosure";

    /** Request attribute (Boolean): the staff member has SIS system administration rights. */
    public static final String SYSADMIN = "ps.user.sysadmin";

    /** Request attribute ({@code Set<String>}): the staff member's permissions, given by the SIS's roles. */
    public static final String PERMISSIONS = "ps.user.permissions";
    /**
     * ServletContext attribute: the SIS's Audit Trail, a {@code BiConsumer<Connection, Map<String, String>>}
     * that records a change (keys usersDcid, action, subject, old, new) on the caller's connection.
     */
    public static final String AUDIT_TRAIL = "ps.auditTrail";

    /**
     * Utah's time zone, the one a Utah district's SIS keeps its dates in: the day a file was retrieved, a date
     * in a sentence or a file name, the school year a date falls in. The local host and its simulated state
     * use it too.
     */
    public static final ZoneId UTAH_TIME = ZoneId.of("America/Denver");

    private static final Pattern STUDENT_FRN = Pattern.compile("001(\\d{1,18})");
    private static final Pattern STAFF_FRN = Pattern.compile("005(\\d{1,18})");

    private Sis() {
    }

    public static boolean isStaff(HttpServletRequest request) {
        return "staff".equals(request.getAttribute(USER_TYPE)) && request.getAttribute(USER_ID) instanceof Long;
    }

    public static boolean isGuardian(HttpServletRequest request) {
        return "guardian".equals(request.getAttribute(USER_TYPE)) && request.getAttribute(USER_ID) instanceof Long;
    }

    public static long userId(HttpServletRequest request) {
        return (Long) request.getAttribute(USER_ID);
    }

    public static String userName(HttpServletRequest request) {
        Object name = request.getAttribute(USER_NAME);
        return name == null ? "" : name.toString();
    }

    /** True for a staff member with system administration rights, who may edit staff records. */
    public static boolean isSysadmin(HttpServletRequest request) {
        return isStaff(request) && Boolean.TRUE.equals(request.getAttribute(SYSADMIN));
    }

    /** True when the SIS's roles give the signed-in staff member this permission. */
    public static boolean hasPermission(HttpServletRequest request, String permission) {
        return request.getAttribute(PERMISSIONS) instanceof java.util.Set<?> permissions && permissions.contains(permission);
    }

    /** The school staff row (SCHOOLSTAFF.DCID) named by a staff {@code frn} value (005 + DCID), as the SIS keys staff pages. */
    public static Optional<Long> staffFrn(String frn) {
        if (frn == null) {
            return Optional.empty();
        }
        Matcher m = STAFF_FRN.matcher(frn.trim());
        return m.matches() ? Optional.of(Long.parseLong(m.group(1))) : Optional.empty();
    }

    /** The student DCID named by a {@code frn} value, if it is a student frn. */
    public static Optional<Long> studentFrn(String frn) {
        if (frn == null) {
            return Optional.empty();
        }
        Matcher m = STUDENT_FRN.matcher(frn.trim());
        return m.matches() ? Optional.of(Long.parseLong(m.group(1))) : Optional.empty();
    }
}
