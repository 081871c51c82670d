package org.utbackpack.plugin.request;

import java.time.Instant;

/** One row of S_UT_STU_BACKPACKREQUEST_C. */
public record BackpackRequest(long id, long studentDcid, Long guardianId, Long requestedBy, Instant requestDate,
                              String requestType, String responseType, RequestState state, int attempts,
                              Instant nextAttemptAt, String correlationId, String utrexRequestId,
                              String lastError, Instant completedAt, Long fileId, String ssid, Instant queuedAt) {

    public static final String RETRIEVE = "Retrieve";
    public static final String UPDATE = "Update";
    public static final String APPROVED = "Approved";
    public static final String REJECTED = "Rejected";
}
