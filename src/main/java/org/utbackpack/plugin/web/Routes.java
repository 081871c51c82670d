package org.utbackpack.plugin.web;

/** The plugin's addresses (DESIGN §8). Pages live in web_root; the broker's routes, one servlet per feature, under /ws/utbackpack. */
public final class Routes {
    static final String STAFF_TAB = "/admin/students/state/USA_UT/backpack.html";
    public static final String GUARDIAN_PAGE = "/guardian/backpack.html";
    public static final String GUARDIAN_QUEUE = "/admin/specialfunctions/state/USA_UT/guardian_backpack_requests.html";
    public static final String STAFF_ACCESS_PAGE = "/admin/faculty/state/USA_UT/backpack_access.html";
    /** Host pages that show plugin fragments: the filter tells them what the user may do, refusing nothing. */
    static final String UTAH_STATE_PAGE = "/admin/students/state/USA_UT/home.html";
    static final String SPECIAL_FUNCTIONS_PAGE = "/admin/specialfunctions/home.html";
    static final String STAFF_INFORMATION_PAGE = "/admin/faculty/home.html";
    /** The UTREx Settings page, for SIS administrators. */
    public static final String UTREX_SETTINGS = "/admin/utbackpack/utrex_settings.html";
    static final String BROKER = "/ws/utbackpack";
    /** Test connection on the UTREx Settings page. */
    public static final String UTREX_ACTIONS = BROKER + "/utrex";
    /** Make a Request; {@code /requests/{id}/{verb}} below it, for each of {@link #REQUEST_VERBS}. */
    public static final String MAKE_REQUEST = BROKER + "/requests";
    /**
     * The actions on one request, {@code POST /requests/{id}/{verb}}: the requests feature serves these verbs and
     * no other (an action with another verb does not start), so the address tests can send to each.
     */
    public static final java.util.List<String> REQUEST_VERBS = java.util.List.of("retry", "cancel");
    public static final String STATUS = BROKER + "/status";
    public static final String GUARDIAN_REQUEST = BROKER + "/guardian/requests";
    public static final String GUARDIAN_STATUS = BROKER + "/guardian/status";
    public static final String DECISIONS = BROKER + "/decisions";
    public static final String STAFF_ACCESS = BROKER + "/staffaccess";
    public static final String EXPORT = BROKER + "/export";
    static final String POWERQUERY = "/ws/schema/query/";
    static final String OUR_QUERIES = POWERQUERY + "com.utbackpack.";
    static final String AUDIT_QUERY = OUR_QUERIES + "backpack.student.audit_log";

    private Routes() {
    }

    public static String staffTab(long studentDcid) {
        return STAFF_TAB + "?frn=001" + studentDcid;
    }
}
