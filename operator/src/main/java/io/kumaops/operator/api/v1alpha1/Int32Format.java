package io.kumaops.operator.api.v1alpha1;

import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * Build time only, named by {@code @SchemaCustomizer} on {@link KumaProductionProfileSpec}: the CRD generator gives a
 * Java {@code Integer} no {@code format}, so the API server would store any integer and binding a value of 2^31 or more
 * fails without naming the field. Marking every integer of the spec {@code format: int32} lets both refuse it. The
 * generator's own jar is {@code provided}: at run time the annotation and this class are never loaded.
 */
public final class Int32Format implements SchemaCustomizer.Customizer {

    @Override
    public JSONSchemaProps apply(JSONSchemaProps schema, String input, KubernetesSerialization serialization) {
        mark(schema);
        return schema;
    }

    private static void mark(JSONSchemaProps schema) {
        if (schema == null) {
            return;
        }
        if ("integer".equals(schema.getType()) && schema.getFormat() == null) {
            schema.setFormat("int32");
        }
        if (schema.getProperties() != null) {
            schema.getProperties().values().forEach(Int32Format::mark);
        }
        if (schema.getItems() != null) {
            mark(schema.getItems().getSchema());
        }
        if (schema.getAdditionalProperties() != null) {
            mark(schema.getAdditionalProperties().getSchema());
        }
    }
}
