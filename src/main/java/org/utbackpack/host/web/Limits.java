package org.utbackpack.host.web;

/** The sizes the host accepts, in one place: the server enforces them and the error pages name them. */
public final class Limits {

    /** A posted form (not a file upload): 200 KB, far more than any SIS form sends. */
    public static final int MAX_FORM_BYTES = 200 * 1024;
    /** Fields in one posted form. */
    public static final int MAX_FORM_FIELDS = 1000;
    /** The JSON arguments of one PowerQuery over HTTP: 64 KB; a larger body is refused, never read in part. */
    public static final int MAX_QUERY_ARGUMENTS_BYTES = 64 * 1024;
    /**
     * How much of a refused body the host still reads (and discards) before answering, so that a client
     * still sending it gets the refusal instead of a connection closed under it; past this the connection
     * is closed.
     */
    public static final int MAX_REFUSED_BODY_BYTES = 4 * 1024 * 1024;
    /** A plugin package uploaded on Plugin Management; the unpacked package is capped separately by the zip extractor. */
    public static final long MAX_PLUGIN_UPLOAD = 100L * 1024 * 1024;

    private Limits() {
    }

    /** The sentence a 413 page shows: what was too large, and the limit in words. */
    public static String tooLarge(String uri, long maxUploadBytes) {
        if (uri != null && uri.startsWith("/admin/tech/plugins")) {
            return "The file is too large: a plugin upload may be at most " + maxUploadBytes / (1024 * 1024)
                    + " MB. Choose a smaller file.";
        }
        return "The form sent more than the SIS accepts: at most " + MAX_FORM_BYTES / 1024 + " KB and "
                + MAX_FORM_FIELDS + " fields. Send less at once.";
    }
}
