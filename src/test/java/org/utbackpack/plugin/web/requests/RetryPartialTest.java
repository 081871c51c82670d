package org.utbackpack.plugin.web.requests;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.utbackpack.host.plugin.PluginPackage;
import org.utbackpack.host.runtime.Messages;
import org.utbackpack.host.render.Renderer;
import org.utbackpack.testing.TestPaths;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Retry partial the Student Backpack tab parses, rendered by the host's own template engine. */
class RetryPartialTest {

    private static final String PARTIAL = "admin/students/state/USA_UT/backpack_retry.vm";
    private final PluginPackage pkg = PluginPackage.fromDirectory(TestPaths.projectRoot());
    private final Renderer renderer = Renderer.directory(pkg.webRoot());
    private final Messages text = Messages.load(pkg.messageKeys(), "US_en");

    @Test
    void aFailedRequestOffersRetryToStaffWithRequestAccess() {
        Document html = render(Map.of("id", 42, "state", "FAILED", "last_error", "UTREx has no student with SSID 7654324.",
                "attempts", 3), true, "");
        Element form = html.selectFirst("form[method=post]");
        assertNotNull(form);
        assertEquals("/ws/utbackpack/requests/42/retry", form.attr("action"));
        assertEquals("the-token", form.selectFirst("input[name=_csrf]").val());
        assertEquals("0017", form.selectFirst("input[name=frn]").val());
        assertEquals("Retry", form.selectFirst("button").text());
        assertTrue(form.text().contains("ended without a file."), form.text());
        assertFalse(html.text().contains("attempt"), "the count is told once, by the status line: " + html.text());
    }

    @Test
    void theHelpSaysHowRetryDiffersFromMakeARequest() {
        String help = render(Map.of("id", 42, "state", "FAILED", "attempts", 0), true, "").selectFirst("form").text();
        assertTrue(help.startsWith("The request ended without a file. Retry sends this same request"), help);
        assertTrue(help.contains("Make a Request, below, starts a new request instead."), help);
    }

    @Test
    void noRetryWithoutRequestAccessOrForARequestThatDidNotFail() {
        Map<String, Object> failed = Map.of("id", 42, "state", "FAILED", "attempts", 1);
        assertNull(render(failed, false, "").selectFirst("form"), "viewers see the reason, not the button");
        for (String state : new String[] {"QUEUED", "SENT", "RECEIVED", "PENDING", "REJECTED", "CANCELLED"}) {
            assertNull(render(Map.of("id", 42, "state", state, "attempts", 0), true, "")
                    .selectFirst("form[action$=/retry]"), state);
        }
    }

    @Test
    void anOpenRequestOffersCancelToStaffWithRequestAccessOnly() {
        for (String state : new String[] {"PENDING", "QUEUED", "SENT"}) {
            Element form = render(Map.of("id", 42, "state", state, "attempts", 2), true, "").selectFirst("form");
            assertNotNull(form, state);
            assertEquals("/ws/utbackpack/requests/42/cancel", form.attr("action"));
            assertEquals("the-token", form.selectFirst("input[name=_csrf]").val());
            assertEquals("Cancel Request", form.selectFirst("button").text());
            assertNull(render(Map.of("id", 42, "state", state, "attempts", 2), false, "").selectFirst("form"),
                    "viewers cannot cancel");
        }
        for (String state : new String[] {"RECEIVED", "FAILED", "REJECTED", "CANCELLED"}) {
            assertNull(render(Map.of("id", 42, "state", state, "attempts", 0), true, "")
                    .selectFirst("form[action$=/cancel]"), state);
        }
        assertEquals("The request was cancelled. You can make a new request now.",
                render(Map.of("id", 42, "state", "CANCELLED", "attempts", 0), true, "cancelled")
                        .selectFirst("[role=status]").text());
    }

    @Test
    void theOutcomeOfARetryIsShownAfterTheRedirect() {
        Document html = render(Map.of("id", 42, "state", "QUEUED", "attempts", 0), true, "retried");
        assertEquals("The request was queued again and will be sent to UTREx shortly.",
                html.selectFirst("[role=status]").text());
    }

    private Document render(Map<String, Object> request, boolean requestAccess, String notice) {
        Map<String, Object> model = new HashMap<>();
        model.put("req", request);
        model.put("frn", "0017");
        model.put("csrf", "the-token");
        model.put("bpAccess", Map.of("view", true, "request", requestAccess));
        model.put("text", text);
        model.put("params", new Params(notice));
        return Jsoup.parse(renderer.render(PARTIAL, Renderer.context(model)));
    }

    /** What {@code $params} offers a template. */
    public static final class Params {
        private final String notice;

        Params(String notice) {
            this.notice = notice;
        }

        public String get(String name) {
            return "notice".equals(name) ? notice : "";
        }
    }
}
