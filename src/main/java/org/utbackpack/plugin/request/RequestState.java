package org.utbackpack.plugin.request;

/** Where a Backpack request is in its life (DESIGN §5). */
public enum RequestState {
    /** A guardian asked; staff have not decided. */
    PENDING,
    /** Approved (staff requests are approved as they are made); waiting for the forwarder. */
    QUEUED,
    /** UTREx accepted it; the forwarder polls until the file is ready. */
    SENT,
    /** The file is stored. */
    RECEIVED,
    /** Staff rejected a guardian's request; never forwarded. */
    REJECTED,
    /** Ended without a file, for a reason shown to staff. */
    FAILED,
    /** Staff stopped it while it was open; nothing more goes to UTREx for it. */
    CANCELLED;

    public boolean open() {
        return this == PENDING || this == QUEUED || this == SENT;
    }
}
