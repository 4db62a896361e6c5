package io.kumaops.operator.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Renders the operator's Helm chart with the Helm library bundled in helm-java (no helm binary), and builds
 * {@code deploy/manifests/install.yaml} from it.
 *
 * <p>Regenerate the plain manifests after changing the chart or the CRD:
 * {@code mvn -B -o -pl operator test -Dtest=InstallManifestTest -Dkumaops.updateManifests=true}.
 */
final class ChartSupport {

    static final String RELEASE = "kuma-production-operator";
    static final String NAMESPACE = "kuma-production-operator";
    static final String CRD_FILE = "kumaproductionprofiles.kumaops.io-v1.yml";
    static final String REGENERATE_COMMAND =
            "mvn -B -o -pl operator test -Dtest=InstallManifestTest -Dkumaops.updateManifests=true";

    private static final YAMLMapper YAML = new YAMLMapper();

    private ChartSupport() {
    }

    static Path projectRoot() {
        String configured = System.getProperty("kumaops.projectRoot");
        Path root = configured != null ? Path.of(configured) : Path.of("..");
        return root.toAbsolutePath().normalize();
    }

    static Path chartDir() {
        return projectRoot().resolve("deploy/helm/kuma-production-operator");
    }

    static Path chartCrd() {
        return chartDir().resolve("crds").resolve(CRD_FILE);
    }

    /** The CRD the build generates (fabric8 crd-generator-maven-plugin, process-classes phase). */
    static Path generatedCrd() {
        return projectRoot().resolve("operator/target/classes/META-INF/fabric8").resolve(CRD_FILE);
    }

    static Path installManifest() {
        return projectRoot().resolve("deploy/manifests/install.yaml");
    }

    /** {@code helm template} with the chart's defaults, release and namespace kuma-production-operator. */
    static String template() {
        return template(Map.of());
    }

    /**
     * {@code helm template} with values layered over the chart's defaults. Values go through a values file, so
     * nested maps and lists keep their types. Schema and {@code fail} errors surface as IllegalStateException.
     */
    static String template(Map<String, Object> values) {
        Path valuesFile = null;
        try {
            TemplateCommand command = new Helm(chartDir()).template().withName(RELEASE).withNamespace(NAMESPACE);
            if (!values.isEmpty()) {
                valuesFile = Files.createTempFile("kpo-values", ".yaml");
                YAML.writeValue(valuesFile.toFile(), values);
                command = command.withValuesFile(valuesFile);
            }
            return command.call();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (valuesFile != null) {
                valuesFile.toFile().delete();
            }
        }
    }

    /** Every non-empty YAML document of a multi-document stream. */
    static List<JsonNode> documents(String yaml) {
        List<JsonNode> documents = new ArrayList<>();
        try (MappingIterator<JsonNode> iterator = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            while (iterator.hasNext()) {
                JsonNode document = iterator.next();
                if (document != null && !document.isNull() && !document.isMissingNode() && !document.isEmpty()) {
                    documents.add(document);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return documents;
    }

    static List<JsonNode> ofKind(List<JsonNode> documents, String kind) {
        return documents.stream().filter(d -> kind.equals(d.path("kind").asText())).collect(Collectors.toList());
    }

    static Optional<JsonNode> find(List<JsonNode> documents, String kind, String name) {
        return documents.stream()
                .filter(d -> kind.equals(d.path("kind").asText()) && name.equals(d.path("metadata").path("name").asText()))
                .findFirst();
    }

    static JsonNode get(List<JsonNode> documents, String kind, String name) {
        return find(documents, kind, name)
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in the rendered chart"));
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The default install as plain YAML: the Namespace (restricted Pod Security), the chart's CRD, then
     * everything the chart renders with its default values.
     */
    static String renderInstallManifest() {
        StringBuilder out = new StringBuilder();
        out.append("# kuma-production-operator: everything for a default install, without Helm.\n")
                .append("# Generated from deploy/helm/kuma-production-operator (release and namespace ").append(RELEASE)
                .append(", default values). Do not edit;\n")
                .append("# regenerate with: ").append(REGENERATE_COMMAND).append('\n')
                .append("# Apply with: kubectl apply --server-side -f deploy/manifests/install.yaml\n")
                .append("---\n")
                .append("apiVersion: v1\n")
                .append("kind: Namespace\n")
                .append("metadata:\n")
                .append("  name: ").append(NAMESPACE).append('\n')
                .append("  labels:\n")
                .append("    app.kubernetes.io/part-of: kuma-production-operator\n")
                .append("    pod-security.kubernetes.io/enforce: restricted\n")
                .append("    pod-security.kubernetes.io/audit: restricted\n")
                .append("    pod-security.kubernetes.io/warn: restricted\n")
                .append("---\n")
                .append("# Source: kuma-production-operator/crds/").append(CRD_FILE).append('\n');
        String crd = read(chartCrd());
        out.append(crd);
        if (!crd.endsWith("\n")) {
            out.append('\n');
        }
        String rendered = template();
        out.append(rendered.startsWith("---") ? rendered : "---\n" + rendered);
        if (!rendered.endsWith("\n")) {
            out.append('\n');
        }
        return out.toString();
    }

    /** Writes deploy/manifests/install.yaml; also callable as a main class from an IDE. */
    static void writeInstallManifest() {
        write(installManifest(), renderInstallManifest());
    }

    /** Writes a generated file (UTF-8), creating its directory. */
    static void write(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void main(String[] args) {
        writeInstallManifest();
        System.out.println("wrote " + installManifest());
    }
}
