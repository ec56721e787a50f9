package io.castellan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/**
 * What the shipped server.xml promises an operator beyond what a running server shows at once:
 * it polls neither its configuration nor its application for changes (Liberty's defaults look at
 * every file of the application twice a second and take unreviewed changes into a running server),
 * and it reads the WAR as it is (an expanded one has its OpenAPI document made again at each start).
 */
class ServerConfigurationTest {

    @Test
    void theServerPollsNeitherItsConfigurationNorItsApplication() throws Exception {
        Element server = read("server.xml");
        assertEquals("mbean", only(server, "config").getAttribute("updateTrigger"), "config");
        Element monitor = only(server, "applicationMonitor");
        assertEquals("mbean", monitor.getAttribute("updateTrigger"), "applicationMonitor");
        assertEquals("false", monitor.getAttribute("dropinsEnabled"), "applicationMonitor dropins");
    }

    @Test
    void theServerReadsTheWarUnexpanded() throws Exception {
        // Liberty keeps the OpenAPI document it made from a WAR file for the next start, not one of an expanded WAR
        assertEquals("false", only(read("server.xml"), "applicationManager").getAttribute("autoExpand"), "applicationManager");
    }

    @Test
    void theArquillianServerPollsItsConfigurationForTheTestWars() throws Exception {
        // Arquillian deploys each test WAR by adding it to the configuration
        Element overrides = read("src/test/liberty/arquillian/arquillian-features.xml");
        assertEquals("polled", only(overrides, "config").getAttribute("updateTrigger"));
    }

    private static Element read(String path) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(Path.of(path).toFile()).getDocumentElement();
    }

    private static Element only(Element parent, String tag) {
        assertEquals(1, parent.getElementsByTagName(tag).getLength(), "one <" + tag + ">");
        return (Element) parent.getElementsByTagName(tag).item(0);
    }
}
