package org.utbackpack.host.auth;

import java.io.Serializable;

/** Who is signed in to this session: a staff member (USERS.DCID) or a guardian (GUARDIAN.GUARDIANID). */
public record SessionUser(Type type, long id, String loginId, String name) implements Serializable {

    public enum Type { STAFF, GUARDIAN }

    public static final String SESSION_ATTRIBUTE = "host.user";

    public boolean staff() {
        return type == Type.STAFF;
    }

    public boolean guardian() {
        return type == Type.GUARDIAN;
    }
}
