package org.utbackpack.plugin.export;

import java.time.Instant;

/** One stored retrieval of a student's Backpack (a U_UT_BP_FILE row), as an export names it. */
public record StoredFile(long id, long studentDcid, Long requestId, String ssid, Instant retrievedAt,
                         String generatedAt) {
}
