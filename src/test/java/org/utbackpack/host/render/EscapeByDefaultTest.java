package org.utbackpack.host.render;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What a template prints for a value: markup characters escaped, plain text as it is. */
class EscapeByDefaultTest {

    @Test
    void markupInDataIsEscaped() {
        assertEquals("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;", EscapeByDefault.escape("<script>alert(\"x\")</script>"));
        assertEquals("O&#39;Brien &amp; Sons", EscapeByDefault.escape("O'Brien & Sons"));
        assertEquals("&lt;", EscapeByDefault.escape("<"));
    }

    @Test
    void plainTextAndAccentsComeOutAsTheyWouldWithoutTheShortcut() {
        assertEquals("Lone Peak High School 2025-2026", EscapeByDefault.escape("Lone Peak High School 2025-2026"));
        assertEquals("", EscapeByDefault.escape(""));
        assertEquals("Jos&eacute; N&uacute;&ntilde;ez", EscapeByDefault.escape("José Núñez"));
        assertEquals("Jos&eacute; &lt;b&gt;", EscapeByDefault.escape("José <b>"));
    }
}
