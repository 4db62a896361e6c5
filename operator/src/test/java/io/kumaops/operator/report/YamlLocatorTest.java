package io.kumaops.operator.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.kumaops.operator.report.YamlLocator.Position;
import java.util.List;
import org.junit.jupiter.api.Test;

class YamlLocatorTest {

    /** Two documents; the profile starts at line 5 of the file. */
    private static final String FILE = """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: x}
            ---
            apiVersion: kumaops.io/v1alpha1
            kind: KumaProductionProfile
            metadata:
              name: payments
              annotations:
                kumaops.io/suppress: SingleCaBackend
            spec:
              controlPlane:
                replicas: 1
                store:
                  type: Memory
              mtls:
                backends:
                  - name: ca-1
                    type: Builtin
                  - {name: ca-2, type: Builtin}
              suppress:
                - code: Nope
                  reason: typo
            ---
            kind: Other
            """;

    private final YamlLocator profile = YamlLocator.forDocument(FILE, 5);

    @Test
    void findsTheKeyOfANestedField() {
        assertThat(profile.locate("spec.controlPlane.replicas")).isEqualTo(new Position(13, 5));
        assertThat(profile.locate("spec.controlPlane.store.type")).isEqualTo(new Position(15, 7));
        assertThat(profile.locate("metadata.name")).isEqualTo(new Position(8, 3));
    }

    @Test
    void findsListElementsAndBracketedKeys() {
        assertThat(profile.locate("spec.mtls.backends[0]")).isEqualTo(new Position(18, 9));
        assertThat(profile.locate("spec.mtls.backends[0].type")).isEqualTo(new Position(19, 9));
        assertThat(profile.locate("spec.mtls.backends[1]")).isEqualTo(new Position(20, 9));
        assertThat(profile.locate("spec.suppress[0].code")).isEqualTo(new Position(22, 7));
        assertThat(profile.locate("metadata.annotations[kumaops.io/suppress]")).isEqualTo(new Position(10, 5));
        assertThat(profile.locate("metadata.annotations[\"kumaops.io/suppress\"]")).isEqualTo(new Position(10, 5));
    }

    @Test
    void aFieldNotInTheFileGoesToItsNearestWrittenParent() {
        // defaulted by the operator, never written: the report points at where it would be added
        assertThat(profile.find("spec.controlPlane.podDisruptionBudget")).isEmpty();
        assertThat(profile.locate("spec.controlPlane.podDisruptionBudget")).isEqualTo(new Position(12, 3));
        assertThat(profile.locate("spec.sidecar.requests")).isEqualTo(new Position(11, 1));
    }

    @Test
    void whatIsNotAFieldPathGoesToTheDocumentStart() {
        assertThat(profile.locate("Deployment kuma-system/kuma-control-plane spec.replicas")).isEqualTo(new Position(5, 1));
        assertThat(profile.locate("Mesh payments mtls.backends")).isEqualTo(new Position(5, 1));
        assertThat(profile.locate("status.phase")).isEqualTo(new Position(5, 1));
        assertThat(profile.locate("")).isEqualTo(new Position(5, 1));
        assertThat(profile.locate(null)).isEqualTo(new Position(5, 1));
    }

    @Test
    void kumaPathsAreFoundBelowSpecAndMetadata() {
        String mesh = """
                # a Mesh
                apiVersion: kuma.io/v1alpha1
                kind: Mesh
                metadata:
                  name: payments
                  labels:
                    kuma.io/origin: zone
                spec:
                  mtls:
                    backends:
                      - name: a
                """;
        YamlLocator locator = YamlLocator.forDocument(mesh, 1).alsoUnder("spec", "metadata");
        assertThat(locator.locate("mtls.backends")).isEqualTo(new Position(10, 5));
        assertThat(locator.locate("labels[\"kuma.io/origin\"]")).isEqualTo(new Position(7, 5));
        assertThat(locator.locate("mtls.enabledBackend")).isEqualTo(new Position(9, 3));
    }

    @Test
    void onlyTheDocumentAtTheLineIsRead() {
        assertThat(YamlLocator.forDocument(FILE, 1).find("spec.controlPlane")).isEmpty();
        assertThat(YamlLocator.forDocument(FILE, 1).locate("metadata.name")).isEqualTo(new Position(3, 12));
        assertThat(YamlLocator.forDocument(FILE, 25).locate("kind")).isEqualTo(new Position(25, 1));
    }

    @Test
    void brokenTextFallsBackToTheDocumentStart() {
        assertThat(YamlLocator.forDocument("a: [\n", 1).locate("a")).isEqualTo(new Position(1, 1));
    }

    @Test
    void parsesPaths() {
        assertThat(YamlLocator.parse("spec.to[0].targetRef.kind")).contains(List.of("spec", "to", 0, "targetRef", "kind"));
        assertThat(YamlLocator.parse("tags[\"app\"]")).contains(List.of("tags", "app"));
        assertThat(YamlLocator.parse("spec.suppress[].code")).isEmpty();
        assertThat(YamlLocator.parse("ConfigMap kube-system/cilium-config cni-exclusive")).isEmpty();
    }
}
