package org.utbackpack.plugin.web;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.utbackpack.host.plugin.PluginPackage;
import org.utbackpack.host.runtime.Messages;
import org.utbackpack.host.web.Renderer;
import org.utbackpack.testing.TestPaths;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
        assertTrue(form.text().contains("ended without a file after 3 attempts"), form.text());
    }

    @Test
    void theHelpCountsAttemptsInWordsAndSaysHowRetryDiffersFromMakeARequest() {
        String none = render(Map.of("id", 42, "state", "FAILED", "attempts", 0), true, "").selectFirst("form").text();
        assertTrue(none.startsWith("The request ended without a file. Retry sends this same request"), none);
        assertTrue(none.contains("Make a Request, below, starts a new request instead."), none);
        String one = render(Map.of("id", 42, "state", "FAILED", "attempts", 1), true, "").selectFirst("form").text();
        assertTrue(one.startsWith("The request ended without a file after one attempt."), one);
    }

    @Test
    void noRetryWithoutRequestAccessOrForARequestThatDidNotFail() {
        Map<String, Object> failed = Map.of("id", 42, "state", "FAILED", "attempts", 1);
        assertNull(render(failed, false, "").selectFirst("form"), "viewers see the reason, not the button");
        for (String state : new String[] {"QUEUED", "SENT", "RECEIVED", "PENDING", "REJECTED"}) {
            assertNull(render(Map.of("id", 42, "state", state, "attempts", 0), true, "").selectFirst("form"), state);
        }
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
