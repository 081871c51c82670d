package org.utbackpack.host.render;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A page comes out of the render buffer exactly as the template gives it, whatever its size and characters. */
class RendererTest {

    @TempDir
    Path root;

    @Test
    void pagesOfEverySizeAndCharacterComeOutWhole() throws Exception {
        Files.writeString(root.resolve("page.vm"),
                "<p>$title \u2013 2025\u20132026</p>\n#foreach($r in $rows)<li>$r</li>#end\n<b>$safe</b>\n",
                StandardCharsets.UTF_8);
        Renderer renderer = Renderer.directory(root);

        List<String> small = List.of("Jos\u00e9", "<script>", "caf\u00e9 \uD83D\uDE00");
        String first = renderer.render("page.vm", Renderer.context(Map.of("title", "Avery's", "rows", small,
                "safe", new SafeHtml("<i>kept</i>"))));
        assertEquals("<p>Avery&#39;s \u2013 2025\u20132026</p>\n"
                + "<li>Jos&eacute;</li><li>&lt;script&gt;</li><li>caf&eacute; \uD83D\uDE00</li>"
                + "<b><i>kept</i></b>\n", first);

        // the next render of the same template is sized by the first: a much longer one still comes out whole
        List<String> many = java.util.stream.IntStream.range(0, 5000).mapToObj(i -> "row " + i).toList();
        PageBuffer large = renderer.buffer("page.vm", Renderer.context(Map.of("title", "T", "rows", many,
                "safe", new SafeHtml(""))));
        StringBuilder expected = new StringBuilder("<p>T \u2013 2025\u20132026</p>\n");
        many.forEach(r -> expected.append("<li>").append(r).append("</li>"));
        expected.append("<b></b>\n"); // the line after #end follows it directly (space gobbling "lines")
        assertEquals(expected.toString(), large.toString());
        StringWriter written = new StringWriter();
        large.writeTo(written);
        assertEquals(expected.toString(), written.toString());
        assertEquals(expected.length(), large.length());

        // and a short one after the long one
        assertEquals(first, renderer.render("page.vm", Renderer.context(Map.of("title", "Avery's", "rows", small,
                "safe", new SafeHtml("<i>kept</i>")))));
    }
}
