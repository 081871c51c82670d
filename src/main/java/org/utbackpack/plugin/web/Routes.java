package org.utbackpack.plugin.web;

/** The plugin's addresses (DESIGN §8). Pages live in web_root; the broker servlet under /ws/utbackpack. */
public final class Routes {
    public static final String STAFF_TAB = "/admin/students/state/USA_UT/backpack.html";
    public static final String GUARDIAN_PAGE = "/guardian/backpack.html";
    public static final String GUARDIAN_QUEUE = "/admin/specialfunctions/state/USA_UT/guardian_backpack_requests.html";
    public static final String BROKER = "/ws/utbackpack";
    public static final String MAKE_REQUEST = BROKER + "/requests";
    public static final String STATUS = BROKER + "/status";
    public static final String POWERQUERY = "/ws/schema/query/";
    public static final String OUR_QUERIES = POWERQUERY + "com.utbackpack.";

    private Routes() {
    }

    public static String staffTab(long studentDcid) {
        return STAFF_TAB + "?frn=001" + studentDcid;
    }
}
