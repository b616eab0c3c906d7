package dev.creor.cli.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The module map of docs/architecture.md is the Maven module graph: the same modules, and for each the
 * same dependencies on other Creor modules (test scope aside, since tests may use anything). An arrow
 * the doc draws that the poms do not have, or the other way round, fails here.
 */
class ModuleMapTest {
    private static final Path PROJECT = Path.of("").toAbsolutePath().getParent();
    private static final Pattern ROW = Pattern.compile("^\\| `([\\w/-]+)` \\|(.*)\\|([^|]*)\\|$");
    private static final Pattern NAME = Pattern.compile("`([\\w/-]+)`");

    @Test
    void theDocumentedModulesAndTheirDependenciesAreThePoms() throws Exception {
        Map<String, Set<String>> documented = documentedModules();
        Map<String, Set<String>> built = builtModules();

        assertThat(documented.keySet()).as("modules in docs/architecture.md vs <modules> of the parent pom")
                .isEqualTo(built.keySet());
        List<String> differences = new ArrayList<>();
        built.forEach((module, dependencies) -> {
            if (!dependencies.equals(documented.get(module))) {
                differences.add(module + ": the pom depends on " + dependencies + ", the doc says "
                        + documented.get(module));
            }
        });
        assertThat(differences).as("dependencies between modules (compile, runtime and provided scope)").isEmpty();
    }

    /** Rows of the table under "## Modules": module, …, and the modules named in its last column. */
    private static Map<String, Set<String>> documentedModules() throws IOException {
        String doc = Files.readString(PROJECT.resolve("docs/architecture.md"));
        String section = doc.substring(doc.indexOf("\n## Modules\n"));
        section = section.substring(0, section.indexOf("\n## ", 1));
        Map<String, Set<String>> modules = new TreeMap<>();
        for (String line : section.lines().toList()) {
            Matcher row = ROW.matcher(line);
            if (!row.matches()) {
                continue;
            }
            Set<String> dependencies = new TreeSet<>();
            Matcher name = NAME.matcher(row.group(3));
            while (name.find()) {
                dependencies.add(name.group(1));
            }
            modules.put(row.group(1), dependencies);
        }
        assertThat(modules).as("the module table of docs/architecture.md").isNotEmpty();
        return modules;
    }

    /** Each module of the parent pom, with the Creor modules it depends on outside test scope. */
    private static Map<String, Set<String>> builtModules() throws Exception {
        Element parent = pom(PROJECT.resolve("pom.xml"));
        Map<String, String> directoryByArtifact = new TreeMap<>();
        List<String> directories = new ArrayList<>();
        for (Element module : children(parent, "modules", "module")) {
            String directory = module.getTextContent().trim();
            directories.add(directory);
            directoryByArtifact.put(text(pom(PROJECT.resolve(directory).resolve("pom.xml")), "artifactId"), directory);
        }
        Map<String, Set<String>> modules = new TreeMap<>();
        for (String directory : directories) {
            Set<String> dependencies = new TreeSet<>();
            for (Element dependency : children(pom(PROJECT.resolve(directory).resolve("pom.xml")),
                    "dependencies", "dependency")) {
                String artifact = text(dependency, "artifactId");
                if (directoryByArtifact.containsKey(artifact) && !"test".equals(text(dependency, "scope"))) {
                    dependencies.add(directoryByArtifact.get(artifact));
                }
            }
            modules.put(directory, dependencies);
        }
        return modules;
    }

    private static Element pom(Path file) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile()).getDocumentElement();
    }

    private static List<Element> children(Element project, String list, String item) {
        List<Element> found = new ArrayList<>();
        for (Element container : direct(project, list)) {
            found.addAll(direct(container, item));
        }
        return found;
    }

    private static List<Element> direct(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node node = nodes.item(i);
            if (node instanceof Element element && element.getTagName().equals(name)) {
                found.add(element);
            }
        }
        return found;
    }

    private static String text(Element parent, String name) {
        List<Element> found = direct(parent, name);
        return found.isEmpty() ? "" : found.get(0).getTextContent().trim();
    }
}
