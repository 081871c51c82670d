package org.utbackpack.host.web;

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
        return StringEscapeUtils.escapeHtml4(text).replace("'", "&#39;");
    }
}
