package org.utbackpack.host.auth;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CsrfTest {

    @Test
    void aTokenInTheAddressIsFoundHoweverItIsSpelled() {
        assertTrue(Csrf.inQueryString("_csrf=abc"));
        assertTrue(Csrf.inQueryString("frn=0011&_csrf=abc"));
        assertTrue(Csrf.inQueryString("%5Fcsrf=abc"), "an encoded underscore");
        assertTrue(Csrf.inQueryString("_csrf"), "a name without a value");
        assertTrue(Csrf.inQueryString("%zz=1"), "a name that does not decode is refused");
    }

    @Test
    void otherAddressesAreLeftAlone() {
        assertFalse(Csrf.inQueryString(null));
        assertFalse(Csrf.inQueryString(""));
        assertFalse(Csrf.inQueryString("frn=0011&notice=saved"));
        assertFalse(Csrf.inQueryString("x_csrf=1&csrf=2"));
    }

    @Test
    void theSecretForSignedOutFormsIsRandomOrLongEnough() {
        assertNotNull(Csrf.withSecret(null));
        assertNotNull(Csrf.withSecret(""));
        assertNotNull(Csrf.withSecret("x".repeat(32)));
        IllegalArgumentException shortOne = assertThrows(IllegalArgumentException.class, () -> Csrf.withSecret("secret"));
        assertTrue(shortOne.getMessage().contains("UTBACKPACK_CSRF_SECRET"), shortOne.getMessage());
    }
}
