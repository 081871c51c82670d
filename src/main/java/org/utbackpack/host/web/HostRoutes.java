package org.utbackpack.host.web;

/** The host's own addresses, as a PowerSchool server lays them out. */
public final class HostRoutes {
    public static final String STAFF_SIGN_IN = "/admin/pw.html";
    public static final String GUARDIAN_SIGN_IN = "/public/home.html";
    public static final String SIGN_OUT = "/signout";
    public static final String START = "/admin/home.html";
    /** The School link: the school staff pages work in (the district office: every school). */
    public static final String SCHOOL = "/admin/school.html";
    public static final String STUDENT = "/admin/students/home.html";
    public static final String UTAH_STATE = "/admin/students/state/USA_UT/home.html";
    public static final String GUARDIAN_HOME = "/guardian/home.html";
    public static final String GUARDIAN_SELECT = "/guardian/select";
    public static final String GUARDIAN_LANGUAGE = "/guardian/language";
    public static final String SPECIAL_FUNCTIONS = "/admin/specialfunctions/home.html";
    public static final String POWERQUERY = "/ws/schema/query/*";
    public static final String ERROR = "/host-error";

    private HostRoutes() {
    }
}
