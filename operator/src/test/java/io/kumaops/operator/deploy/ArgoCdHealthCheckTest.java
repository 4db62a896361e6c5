package io.kumaops.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.kumaops.operator.deploy.ArgoCdHealthScript.Health;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The Argo CD health check for KumaProductionProfile, kept in Argo CD's own layout so it can be proposed upstream:
 * {@code deploy/argocd/resource_customizations/kumaops.io/KumaProductionProfile/} holds {@code health.lua},
 * {@code health_test.yaml} and {@code testdata/}. The layout and keys follow argoproj/argo-cd's
 * {@code resource_customizations/cert-manager.io/Certificate/} and its test harness {@code util/lua/health_test.go}:
 * every directory below resource_customizations with a health.lua has a health_test.yaml whose {@code tests[]} name an
 * {@code inputPath} (one object) and the expected {@code healthStatus} ({@code status} and {@code message}, compared
 * exactly; a missing message is ""). The script is the one for the object's group and kind, so an input's apiVersion
 * and kind must match its directory. The script runs in LuaJ ({@link ArgoCdHealthScript}).
 */
class ArgoCdHealthCheckTest {

    record Case(Path directory, String inputPath, Health expected) {
        String name() {
            return ArgoCdConfigMapPatch.customizations().relativize(directory).resolve(inputPath).toString().replace('\\', '/');
        }
    }

    /** The directories below resource_customizations that hold a health.lua, as Argo CD's test walks them. */
    private static List<Path> healthChecks() {
        try (Stream<Path> files = Files.walk(ArgoCdConfigMapPatch.customizations())) {
            return files.filter(f -> f.getFileName().toString().equals("health.lua")).map(Path::getParent).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Case> cases(Path directory) {
        Path testFile = directory.resolve("health_test.yaml");
        assertThat(testFile).as("every health.lua has a health_test.yaml beside it").exists();
        JsonNode tests = ChartSupport.documents(ChartSupport.read(testFile)).get(0).path("tests");
        assertThat(tests.isArray() && !tests.isEmpty()).as("%s lists tests", testFile).isTrue();
        List<Case> cases = new ArrayList<>();
        for (JsonNode test : tests) {
            JsonNode expected = test.path("healthStatus");
            cases.add(new Case(directory, test.path("inputPath").asText(),
                    new Health(expected.path("status").asText(), expected.path("message").asText(""))));
        }
        return cases;
    }

    private static List<Case> allCases() {
        return healthChecks().stream().flatMap(d -> cases(d).stream()).toList();
    }

    private static Health run(Case c, ArgoCdHealthScript.LineListener lines) {
        Path input = c.directory().resolve(c.inputPath());
        assertThat(input).as("inputPath of %s", c.name()).exists();
        List<JsonNode> objects = ChartSupport.documents(ChartSupport.read(input));
        assertThat(objects).as("%s holds one object", c.name()).hasSize(1);
        JsonNode obj = objects.get(0);
        String group = c.directory().getParent().getFileName().toString();
        String kind = c.directory().getFileName().toString();
        assertThat(obj.path("apiVersion").asText()).as("%s: Argo CD picks the script by the object's group", c.name())
                .startsWith(group + "/");
        assertThat(obj.path("kind").asText()).as("%s: Argo CD picks the script by the object's kind", c.name()).isEqualTo(kind);
        return ArgoCdHealthScript.run(ChartSupport.read(c.directory().resolve("health.lua")), "health.lua", obj, lines);
    }

    @Test
    void theHealthCheckIsInArgoCdsLayout() {
        assertThat(healthChecks()).containsExactly(ArgoCdConfigMapPatch.healthScript().getParent());
    }

    @TestFactory
    Stream<DynamicTest> everyCaseOfHealthTestYaml() {
        List<Case> cases = allCases();
        assertThat(cases).hasSizeGreaterThanOrEqualTo(10);
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(),
                () -> assertThat(run(c, null)).as(c.name()).isEqualTo(c.expected())));
    }

    @Test
    void everyTestdataFileIsListedAndEveryListedFileExists() throws IOException {
        for (Path directory : healthChecks()) {
            Set<String> listed = new TreeSet<>();
            for (Case c : cases(directory)) {
                assertThat(listed.add(c.inputPath())).as("%s is listed once in health_test.yaml", c.inputPath()).isTrue();
                assertThat(directory.resolve(c.inputPath())).as("listed in %s/health_test.yaml", directory).isRegularFile();
            }
            Set<String> present = new TreeSet<>();
            try (Stream<Path> files = Files.walk(directory.resolve("testdata"))) {
                files.filter(Files::isRegularFile).forEach(f -> present.add(directory.relativize(f).toString().replace('\\', '/')));
            }
            assertThat(listed).as("testdata files of %s vs. the inputPaths of its health_test.yaml", directory)
                    .containsExactlyInAnyOrderElementsOf(present);
        }
    }

    /**
     * Every way out of the script is taken by some case: each line that sets the result or returns (in the main
     * chunk and in its helpers) runs at least once.
     */
    @Test
    void theCasesTakeEveryBranchOfTheScript() {
        Path directory = ArgoCdConfigMapPatch.healthScript().getParent();
        Set<Integer> executed = new TreeSet<>();
        for (Case c : cases(directory)) {
            run(c, executed::add);
        }
        String[] lines = ChartSupport.read(ArgoCdConfigMapPatch.healthScript()).split("\n", -1);
        TreeMap<Integer, String> exits = new TreeMap<>();
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.startsWith("return") || line.startsWith("hs.status =") || line.startsWith("hs.message =")) {
                exits.put(i + 1, line);
            }
        }
        assertThat(exits).as("the script's result and return lines").hasSizeGreaterThan(20);
        exits.keySet().removeAll(executed);
        assertThat(exits).as("lines of health.lua that no case of health_test.yaml reaches").isEmpty();
    }

    @Test
    void aStatusThatIsNoHealthCodeIsUnknownAsInArgoCd() {
        JsonNode obj = ChartSupport.documents("metadata: {generation: 1}\n").get(0);

        assertThat(ArgoCdHealthScript.run("return {status = \"Fine\", message = \"x\"}", "t.lua", obj, null))
                .isEqualTo(new Health("Unknown", ArgoCdHealthScript.INVALID_STATUS_MESSAGE));
        assertThat(ArgoCdHealthScript.run("return {status = \"Healthy\"}", "t.lua", obj, null)).isEqualTo(new Health("Healthy", ""));
    }

    @Test
    void argocdConfigMapPatchIsGeneratedFromHealthLua() {
        String expected = ArgoCdConfigMapPatch.generate();
        if (Boolean.getBoolean("kumaops.regenerateDocs")) {
            ArgoCdConfigMapPatch.write();
        }
        if (!ChartSupport.read(ArgoCdConfigMapPatch.patch()).equals(expected)) {
            fail("deploy/argocd/argocd-cm-patch.yaml is out of date with health.lua; regenerate it with: "
                    + ArgoCdConfigMapPatch.REGENERATE_COMMAND);
        }
        JsonNode patch = ChartSupport.documents(ChartSupport.read(ArgoCdConfigMapPatch.patch())).get(0);
        assertThat(patch.path("kind").asText()).isEqualTo("ConfigMap");
        assertThat(patch.path("metadata").path("name").asText()).isEqualTo("argocd-cm");
        assertThat(patch.path("data").path(ArgoCdConfigMapPatch.HEALTH_KEY).asText())
                .as("the Lua that argocd-cm receives, byte for byte the same as health.lua")
                .isEqualTo(ChartSupport.read(ArgoCdConfigMapPatch.healthScript()));
    }

    @Test
    void applicationExampleOrdersTheProfileAfterKumaAndUsesTheSyncOptions() {
        List<JsonNode> apps = ChartSupport.documents(ChartSupport.read(ArgoCdConfigMapPatch.argocd().resolve("application-example.yaml")));
        JsonNode kuma = ChartSupport.get(apps, "Application", "kuma");
        JsonNode operator = ChartSupport.get(apps, "Application", "kuma-production-operator");
        JsonNode profiles = ChartSupport.get(apps, "Application", "kuma-production-profiles");

        assertThat(wave(kuma)).isLessThan(wave(operator));
        assertThat(wave(operator)).isLessThan(wave(profiles));
        assertThat(profiles.path("spec").path("source").path("path").asText()).isEqualTo("examples");
        assertThat(HelmChartTest.texts(profiles.path("spec").path("syncPolicy").path("syncOptions")))
                .contains("ServerSideApply=true", "SkipDryRunOnMissingResource=true");
        assertThat(ChartSupport.projectRoot().resolve("examples")
                .resolve(profiles.path("spec").path("source").path("directory").path("include").asText())).exists();
        assertThat(operator.path("spec").path("source").path("path").asText()).isEqualTo("deploy/helm/kuma-production-operator");
    }

    @Test
    void ignoreDifferencesExampleIgnoresTheOperatorsFields() {
        JsonNode app = ChartSupport.documents(ChartSupport.read(ArgoCdConfigMapPatch.argocd().resolve("ignore-differences-example.yaml"))).get(0);
        JsonNode first = app.path("spec").path("ignoreDifferences").get(0);

        assertThat(first.path("kind").asText()).isEqualTo("Deployment");
        assertThat(first.path("name").asText()).isEqualTo("kuma-control-plane");
        assertThat(HelmChartTest.texts(first.path("managedFieldsManagers"))).containsExactly("kuma-production-operator");
        assertThat(HelmChartTest.texts(app.path("spec").path("syncPolicy").path("syncOptions"))).contains("RespectIgnoreDifferences=true");
    }

    private static int wave(JsonNode application) {
        return Integer.parseInt(application.path("metadata").path("annotations").path("argocd.argoproj.io/sync-wave").asText());
    }
}
