package org.utbackpack.host.auth;

import org.junit.jupiter.api.Test;
import org.utbackpack.host.db.Directory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AuthenticatorTest {

    private final String realHash = Passwords.hash("correct horse");
    private final Map<String, Directory.Account> accounts = Map.of("pat", new Directory.Account(
            new SessionUser(SessionUser.Type.STAFF, 1, "pat", "Pat Morgan"), realHash, true));
    private final List<String> hashed = new ArrayList<>();
    private final Authenticator authenticator = new Authenticator(name -> Optional.ofNullable(accounts.get(name)),
            (password, stored) -> {
                hashed.add(stored);
                return Passwords.matches(password, stored);
            });

    @Test
    void anUnknownUsernameCostsOnePasswordHashOfTheSameStrengthAsAKnownOne() {
        assertTrue(authenticator.authenticate("nobody", "correct horse").isEmpty());
        assertTrue(authenticator.authenticate("", "correct horse").isEmpty());
        assertTrue(authenticator.authenticate("pat", "wrong").isEmpty());
        assertEquals(3, hashed.size(), "a hash is computed for unknown, blank and known usernames alike");
        assertEquals(iterations(realHash), iterations(hashed.get(0)));
        assertEquals(iterations(realHash), iterations(hashed.get(1)));
        assertEquals(realHash, hashed.get(2));
    }

    @Test
    void theRightPasswordSignsInAndTheStandInHashMatchesNoPassword() {
        assertEquals("pat", authenticator.authenticate("pat", "correct horse").orElseThrow().user().loginId());
        assertTrue(authenticator.authenticate("nobody", "").isEmpty());
        assertTrue(authenticator.authenticate("nobody", null).isEmpty());
    }

    private static String iterations(String hash) {
        return hash.split("\\$")[1];
    }
}
