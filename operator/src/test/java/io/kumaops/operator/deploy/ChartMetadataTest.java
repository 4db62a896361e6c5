package io.kumaops.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Chart.yaml points into the project, and the chart's default image is one the release workflow publishes: the
 * same repository as the Jib profile, and a tag the workflow pushes for the tag v&lt;appVersion&gt;.
 */
class ChartMetadataTest {

    private static final Path ROOT = ChartSupport.projectRoot();

    private static JsonNode chart() {
        return ChartSupport.documents(ChartSupport.read(ChartSupport.chartDir().resolve("Chart.yaml"))).get(0);
    }

    private static JsonNode values() {
        return ChartSupport.documents(ChartSupport.read(ChartSupport.chartDir().resolve("values.yaml"))).get(0);
    }

    @Test
    void metadataPointsIntoTheProjectRepository() throws Exception {
        JsonNode chart = chart();
        String repository = imageLabel(operatorPom(), "org.opencontainers.image.source");

        assertThat(chart.path("home").asText()).isEqualTo(repository);
        assertThat(HelmChartTest.texts(chart.path("sources"))).contains(repository);
        assertThat(chart.path("maintainers")).isNotEmpty()
                .allSatisfy(m -> assertThat(m.path("name").asText()).isNotBlank());
        assertThat(HelmChartTest.texts(chart.path("keywords"))).contains("kuma", "service-mesh", "operator");

        // github.com/<owner>/<repo> -> raw.githubusercontent.com/<owner>/<repo>/<branch>/<path in the repository>
        String icon = chart.path("icon").asText();
        String rawPrefix = repository.replace("https://github.com/", "https://raw.githubusercontent.com/") + "/main/";
        assertThat(icon).startsWith(rawPrefix).endsWith(".svg");
        Path iconFile = ROOT.resolve(icon.substring(rawPrefix.length()));
        assertThat(iconFile).as("the icon Chart.yaml points at is in the repository").exists();
        Document svg = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(iconFile.toFile());
        assertThat(svg.getDocumentElement().getTagName()).isEqualTo("svg");
    }

    @Test
    void defaultImageIsOneTheReleaseWorkflowPublishes() throws Exception {
        JsonNode chart = chart();
        String appVersion = chart.path("appVersion").asText();
        JsonNode image = values().path("image");
        assertThat(image.path("tag").asText()).as("the default tag follows appVersion").isEmpty();
        assertThat(image.path("digest").asText()).isEmpty();

        Document pom = operatorPom();
        Map<String, String> properties = imageProfileProperties(pom);
        Map<String, String> releaseProperties = new LinkedHashMap<>(properties);
        String releaseCommand = releaseJibCommand();
        List<String> extraTags = new ArrayList<>();
        String tag = "v" + appVersion;
        Matcher flag = Pattern.compile("-D([\\w.]+)=\"?([^\"\\s]+)\"?").matcher(releaseCommand);
        while (flag.find()) {
            String key = flag.group(1);
            assertThat(key).as("release.yml names the image through the profile's properties").isNotEqualTo("jib.to.image");
            if (key.equals("jib.to.tags")) {
                extraTags.addAll(List.of(expandTag(flag.group(2), tag).split(",")));
            } else if (properties.containsKey(key)) {
                releaseProperties.put(key, expandTag(flag.group(2), tag));
            }
        }
        String target = jibTargetImage(pom);
        assertThat(target).isEqualTo("${image.repository}:${image.tag}");
        String repository = releaseProperties.get("image.repository");
        List<String> published = new ArrayList<>();
        published.add(repository + ":" + releaseProperties.get("image.tag"));
        extraTags.forEach(t -> published.add(repository + ":" + t));

        assertThat(image.path("repository").asText()).as("values.yaml image.repository is the Jib profile's").isEqualTo(repository);
        String chartImage = image.path("repository").asText() + ":" + appVersion;
        assertThat(published).as("images the release workflow pushes for the tag %s", tag).contains(chartImage);
        JsonNode deployment = ChartSupport.get(ChartSupport.documents(ChartSupport.template()), "Deployment", ChartSupport.RELEASE);
        assertThat(deployment.path("spec").path("template").path("spec").path("containers").get(0).path("image").asText())
                .isEqualTo(chartImage);

        // The release tag is v<project version>: the chart's appVersion must be that version.
        String projectVersion = text(pom.getDocumentElement(), "parent", "version").replace("-SNAPSHOT", "");
        assertThat(appVersion).as("Chart.yaml appVersion and the Maven project version").isEqualTo(projectVersion);
        JsonNode on = release().has("on") ? release().path("on") : release().path("true");
        assertThat(HelmChartTest.texts(on.path("push").path("tags"))).as("release.yml runs on v* tags").contains("v*");
    }

    // ---- the Jib profile of operator/pom.xml -------------------------------------------------------------

    private static Document operatorPom() throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(ROOT.resolve("operator/pom.xml").toFile());
    }

    private static Element imageProfile(Document pom) {
        NodeList profiles = pom.getElementsByTagName("profile");
        for (int i = 0; i < profiles.getLength(); i++) {
            Element profile = (Element) profiles.item(i);
            if ("image".equals(text(profile, "id"))) {
                return profile;
            }
        }
        throw new AssertionError("operator/pom.xml has no profile 'image'");
    }

    private static Map<String, String> imageProfileProperties(Document pom) {
        Map<String, String> properties = new LinkedHashMap<>();
        Element block = child(imageProfile(pom), "properties");
        for (Node n = block.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                properties.put(e.getTagName(), e.getTextContent().trim());
            }
        }
        return properties;
    }

    private static String jibTargetImage(Document pom) {
        Element jib = imageProfile(pom).getElementsByTagName("plugin").getLength() > 0
                ? (Element) imageProfile(pom).getElementsByTagName("plugin").item(0) : null;
        assertThat(jib).isNotNull();
        return text(child(jib, "configuration"), "to", "image");
    }

    private static String imageLabel(Document pom, String label) {
        NodeList labels = imageProfile(pom).getElementsByTagName(label);
        assertThat(labels.getLength()).as("image label %s", label).isEqualTo(1);
        return labels.item(0).getTextContent().trim();
    }

    private static Element child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        throw new AssertionError("no <" + name + "> in <" + parent.getTagName() + ">");
    }

    private static String text(Element parent, String... path) {
        Element e = parent;
        for (String name : path) {
            e = child(e, name);
        }
        return e.getTextContent().trim();
    }

    // ---- .github/workflows/release.yml ------------------------------------------------------------------

    private static JsonNode release() {
        return ChartSupport.documents(ChartSupport.read(ROOT.resolve(".github/workflows/release.yml"))).get(0);
    }

    /** The run step that pushes the image, with its line continuations joined. */
    private static String releaseJibCommand() {
        for (JsonNode job : release().path("jobs")) {
            for (JsonNode step : job.path("steps")) {
                String run = step.path("run").asText().replace("\\\n", " ");
                if (run.contains("jib:build ") || run.endsWith("jib:build")) {
                    return run;
                }
            }
        }
        return fail("release.yml has no step running jib:build");
    }

    /** The shell expansions the workflow uses on the tag; anything else fails rather than being guessed. */
    private static String expandTag(String value, String tag) {
        String expanded = value.replace("${TAG#v}", tag.startsWith("v") ? tag.substring(1) : tag)
                .replace("${TAG}", tag)
                .replace("$TAG", tag);
        if (expanded.contains("$")) {
            fail("release.yml: cannot evaluate " + value + " for the tag " + tag);
        }
        return expanded;
    }
}
