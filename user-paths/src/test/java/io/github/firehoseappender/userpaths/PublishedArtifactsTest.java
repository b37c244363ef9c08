package io.github.firehoseappender.userpaths;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The BOM is the list users import: it must name every artifact the build publishes (a module whose
 * {@code maven.deploy.skip} is not true, other than the BOM and the parents), and nothing else of ours.
 */
class PublishedArtifactsTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void theBomListsExactlyThePublishedArtifacts() throws Exception {
        Set<String> published = new TreeSet<>();
        for (String module : children(pom(ROOT.resolve("pom.xml")), "modules", "module")) {
            Element project = pom(ROOT.resolve(module).resolve("pom.xml"));
            String packaging = text(project, "packaging", "jar");
            boolean skipped = "true".equals(text(child(project, "properties"), "maven.deploy.skip", "false"));
            if (!skipped && !packaging.equals("pom")) {
                published.add(text(project, "artifactId", null));
            }
        }
        Element bom = pom(ROOT.resolve("firehose-appender-bom").resolve("pom.xml"));
        Set<String> listed = new TreeSet<>();
        NodeList dependencies = bom.getElementsByTagName("dependency");
        for (int i = 0; i < dependencies.getLength(); i++) {
            listed.add(text((Element) dependencies.item(i), "artifactId", null));
        }
        assertThat(published).as("published jar modules").contains("firehose-appender-core",
                "firehose-appender-logback", "firehose-appender-log4j2", "firehose-appender-spring-boot-starter",
                "firehose-local");
        assertThat(listed).as("the BOM's entries").isEqualTo(published);
    }

    private static Element pom(Path file) throws Exception {
        assertThat(file).exists();
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Files.newInputStream(file));
        return doc.getDocumentElement();
    }

    private static Element child(Element parent, String name) {
        if (parent == null) {
            return null;
        }
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element && n.getNodeName().equals(name)) {
                return (Element) n;
            }
        }
        return null;
    }

    private static String text(Element parent, String name, String otherwise) {
        Element e = child(parent, name);
        return e == null ? otherwise : e.getTextContent().trim();
    }

    private static List<String> children(Element parent, String list, String item) {
        List<String> values = new ArrayList<>();
        Element container = child(parent, list);
        for (Node n = container.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element && n.getNodeName().equals(item)) {
                values.add(n.getTextContent().trim());
            }
        }
        return values;
    }
}
