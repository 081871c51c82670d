package org.utbackpack.host.render;

/** Markup the host built itself (a rendered page body or fragment); inserted into templates as is. */
public record SafeHtml(String html) {
    @Override
    public String toString() {
        return html;
    }
}
