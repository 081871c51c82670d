package org.utbackpack.host.auth;

import org.utbackpack.host.db.Directory;

import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * Checks a username and password with the same work whether or not the username exists: an unknown
 * username's password is checked against a stand-in hash of the same strength, so the answer takes as
 * long and a script cannot tell real usernames from the time it takes.
 */
public final class Authenticator {

    /** Checks a password against a stored hash ({@link Passwords#matches} in production). */
    @FunctionalInterface
    public interface Verifier {
        boolean matches(String password, String storedHash);
    }

    /** Stands in for the hash of an unknown username; made with the current strength, matched by no password. */
    static final String UNKNOWN_USER_HASH = Passwords.hash(UUID.randomUUID() + "-" + UUID.randomUUID());

    private final Function<String, Optional<Directory.Account>> lookup;
    private final Verifier verifier;

    public Authenticator(Function<String, Optional<Directory.Account>> lookup, Verifier verifier) {
        this.lookup = lookup;
        this.verifier = verifier;
    }

    /** The account when the password is right; empty for a wrong password or an unknown username alike. */
    public Optional<Directory.Account> authenticate(String username, String password) {
        Optional<Directory.Account> account = username == null || username.isBlank() ? Optional.empty()
                : lookup.apply(username.trim());
        String stored = account.map(Directory.Account::passwordHash).orElse(UNKNOWN_USER_HASH);
        boolean matches = verifier.matches(password == null ? "" : password, stored);
        return matches ? account : Optional.empty();
    }
}
