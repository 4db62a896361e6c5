package io.kumaops.operator.deploy;

import static io.kumaops.operator.deploy.ChartSupport.documents;
import static io.kumaops.operator.deploy.ChartSupport.ofKind;
import static io.kumaops.operator.deploy.ChartSupport.template;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** crds.enabled renders the CRD of crds/ as a template (so that helm upgrade upgrades it); crds.keep protects it. */
class ChartCrdTemplateTest {

    private static final String CRD_NAME = "kumaproductionprofiles.kumaops.io";

    /** Numbers compare by value: YAML's 1.0 in crds/ comes back from Helm's fromYaml/toYaml as 1. */
    private static final Comparator<JsonNode> BY_VALUE = (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        return a.equals(b) ? 0 : 1;
    };

    private static JsonNode chartCrd() {
        return documents(ChartSupport.read(ChartSupport.chartCrd())).get(0);
    }

    @Test
    void offByDefault() {
        assertThat(ofKind(documents(template()), "CustomResourceDefinition")).isEmpty();
    }

    @Test
    void enabledRendersTheSameCrdKeptOnUninstall() {
        List<JsonNode> crds = ofKind(documents(template(Map.of("crds", Map.of("enabled", true)))), "CustomResourceDefinition");

        assertThat(crds).hasSize(1);
        JsonNode crd = crds.get(0);
        JsonNode expected = chartCrd();
        assertThat(crd.path("apiVersion").asText()).isEqualTo(expected.path("apiVersion").asText());
        assertThat(crd.path("metadata").path("name").asText()).isEqualTo(CRD_NAME);
        assertThat(crd.path("metadata").path("annotations").path("helm.sh/resource-policy").asText()).isEqualTo("keep");
        assertThat(crd.path("metadata").path("labels").path("app.kubernetes.io/managed-by").asText()).isEqualTo("Helm");
        assertThat(crd.path("metadata").has("namespace")).as("a CRD is cluster-scoped").isFalse();
        assertThat(crd.path("spec").equals(BY_VALUE, expected.path("spec")))
                .as("the templated CRD's spec (schema, versions, printer columns) is the one in crds/")
                .isTrue();
    }

    @Test
    void keepOffLeavesTheCrdToHelm() {
        JsonNode crd = ofKind(documents(template(Map.of("crds", Map.of("enabled", true, "keep", false)))),
                "CustomResourceDefinition").get(0);

        assertThat(crd.path("metadata").path("annotations").has("helm.sh/resource-policy")).isFalse();
    }
}
