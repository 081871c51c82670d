package org.utbackpack.host.render;

import org.apache.commons.text.StringEscapeUtils;
import org.apache.velocity.context.Context;
import org.apache.velocity.app.event.ReferenceInsertionEventHandler;

/**
 * Escapes every value a template prints, so data can never become markup; only {@link SafeHtml}
 * (markup the host rendered from templates) passes through.
 */
public final class EscapeByDefault implements ReferenceInsertionEventHandler {

    @Override
    public Object referenceInsert(Context context, String reference, Object value) {
        if (value == null || value instanceof SafeHtml) {
            return value;
        }
        return escape(value.toString());
    }

    public static String escape(String text) {
        if (plain(text)) {
            return text; // what escapeHtml4 would return, without its table lookups for every character
        }
        return StringEscapeUtils.escapeHtml4(text).replace("'", "&#39;");
    }

    /** ASCII without any of the five characters HTML gives meaning to: nothing to escape. */
    private static boolean plain(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x80 || c == '&' || c == '<' || c == '>' || c == '"' || c == '\'') {
                return false;
            }
        }
        return true;
    }
}
