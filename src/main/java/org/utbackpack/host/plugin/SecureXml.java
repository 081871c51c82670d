package org.utbackpack.host.plugin;

import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.Locator;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParser;
import javax.xml.parsers.SAXParserFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads package XML with the JDK's SAX parser into {@link XmlElement} trees that keep line numbers.
 * A package is untrusted input, so DOCTYPE declarations and external entities are refused outright
 * (no XXE, no entity expansion bombs).
 */
final class SecureXml {

    private final SAXParserFactory factory;

    SecureXml() {
        // The JDK's own parser, whatever else is on the classpath: its security features are known.
        factory = SAXParserFactory.newDefaultInstance();
        factory.setNamespaceAware(true);
        factory.setValidating(false);
        factory.setXIncludeAware(false);
        try {
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        } catch (ParserConfigurationException | SAXException e) {
            // Without these features the parser would be open to XXE; refuse to run rather than degrade.
            throw new IllegalStateException("The JDK XML parser cannot be secured", e);
        }
    }

    /**
     * Parses {@code file}; on malformed XML records a problem at the parser's line and returns null.
     *
     * @param shownAs the path reported in problems (inside the package)
     */
    XmlElement parse(Path file, String shownAs, Problems problems) {
        try (InputStream in = Files.newInputStream(file)) {
            TreeBuilder builder = new TreeBuilder();
            SAXParser parser = factory.newSAXParser();
            parser.parse(new InputSource(in), builder);
            return builder.root;
        } catch (SAXParseException e) {
            problems.add(shownAs, Math.max(e.getLineNumber(), 0), describe(e));
        } catch (SAXException e) {
            problems.add(shownAs, 0, "not well-formed XML: " + e.getMessage());
        } catch (IOException e) {
            problems.add(shownAs, 0, "cannot be read: " + e.getMessage());
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("The JDK XML parser cannot be configured", e);
        }
        return null;
    }

    private static String describe(SAXParseException e) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("DOCTYPE")) {
            return "DOCTYPE declarations are not allowed in plugin files (external entities are refused)";
        }
        return "not well-formed XML: " + message;
    }

    /** Builds the element tree, stamping each element with the line its start tag ends on. */
    private static final class TreeBuilder extends DefaultHandler {

        private final Deque<XmlElement> open = new ArrayDeque<>();
        private Locator locator;
        private XmlElement root;

        @Override
        public void setDocumentLocator(Locator locator) {
            this.locator = locator;
        }

        @Override
        public void startElement(String uri, String localName, String qName, Attributes atts) {
            Map<String, String> attributes = new HashMap<>();
            for (int i = 0; i < atts.getLength(); i++) {
                // Only un-prefixed attributes carry meaning in package files (xsi:* is decoration).
                if (atts.getURI(i).isEmpty()) {
                    attributes.put(atts.getLocalName(i), atts.getValue(i));
                }
            }
            int line = locator == null ? 0 : locator.getLineNumber();
            XmlElement element = new XmlElement(uri, localName, line, attributes);
            if (open.isEmpty()) {
                root = element;
            } else {
                open.peek().addChild(element);
            }
            open.push(element);
        }

        @Override
        public void endElement(String uri, String localName, String qName) {
            open.pop();
        }

        @Override
        public void characters(char[] ch, int start, int length) {
            if (!open.isEmpty()) {
                open.peek().appendText(ch, start, length);
            }
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            throw e;
        }

        @Override
        public void error(SAXParseException e) throws SAXException {
            throw e;
        }
    }
}
