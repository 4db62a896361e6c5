package io.kumaops.operator.admission;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * ContainerPatch: Kuma's webhook refuses one outside the system namespace, on every operation and for every user
 * (Kuma {@code pkg/plugins/runtime/k8s/webhooks/containerpatch_validator.go}, unchanged 2.9 … 2.14). ContainerPatch is
 * not in Kuma's core registry, so none of {@link ResourceAdmissionRules} applies to it.
 *
 * <p>Kuma does not look at the patches at admission. A {@code value} is a string holding JSON that Kuma hands to the
 * JSON patch as it is (Kuma {@code pkg/plugins/resources/k8s/native/api/v1alpha1/container_patch.go} {@code ToJsonPatch});
 * an {@code add} or {@code replace} whose value is missing or not JSON fails when the patched container is serialised,
 * so injecting any pod that names the patch fails and the pod is refused (Kuma
 * {@code pkg/plugins/runtime/k8s/webhooks/injector/injector.go} {@code applyCustomPatches}; evanphx/json-patch v5
 * {@code ApplyWithOptions}). The object is admitted: those findings are warnings, not Kuma's.
 */
final class ContainerPatchValidator implements KindValidator {

    static final String SOURCE = "pkg/plugins/runtime/k8s/webhooks/containerpatch_validator.go";
    static final String INJECTOR = "pkg/plugins/runtime/k8s/webhooks/injector/injector.go";

    private static final JsonFactory JSON = new JsonFactory();

    @Override
    public String kind() {
        return "ContainerPatch";
    }

    @Override
    public void validate(AdmissionRequest request, ValidationErrors errors, List<AdmissionWarning> warnings) {
        String system = request.target().systemNamespace();
        if (!request.inSystemNamespace()) {
            errors.addViolation("", "ContainerPatch can only be placed in " + system
                    + " namespace. It can be however referenced by pods in all namespaces");
            errors.citing(SOURCE);
            return;
        }
        if (request.isDelete()) {
            return;
        }
        Map<String, Object> spec = request.spec();
        for (String list : List.of("sidecarPatch", "initPatch")) {
            List<Object> patches = Tree.list(spec.get(list));
            for (int i = 0; i < patches.size(); i++) {
                checkValue(FieldPath.rootedAt("spec").field(list).index(i), Tree.map(patches.get(i)), warnings);
            }
        }
    }

    private static void checkValue(FieldPath path, Map<String, Object> patch, List<AdmissionWarning> warnings) {
        String op = Tree.string(patch.get("op"));
        // remove, move and copy never read the value.
        if (!"add".equals(op) && !"replace".equals(op)) {
            return;
        }
        Object value = patch.get("value");
        FieldPath field = path.field("value");
        if (value == null || value instanceof String text && text.isBlank()) {
            warnings.add(new AdmissionWarning(field.toString(), op + " needs a value: Kuma admits the patch, but injecting a pod that names it fails",
                    null, null, INJECTOR));
            return;
        }
        // Only a string reaches Kuma: the CRD schema types value as a string, so the API server refuses anything else first.
        if (value instanceof String text && !isJson(text)) {
            warnings.add(new AdmissionWarning(field.toString(),
                    "not valid JSON: Kuma admits the patch, but injecting a pod that names it fails (a JSON string needs its quotes inside the value)",
                    isJson(jsonString(text)) ? jsonString(text) : null, null, INJECTOR));
        }
    }

    /** One JSON text and nothing after it, as Go's encoder insists when it writes the patched container back. */
    static boolean isJson(String text) {
        try (JsonParser parser = JSON.createParser(text)) {
            if (parser.nextToken() == null) {
                return false;
            }
            parser.skipChildren();
            return parser.nextToken() == null;
        } catch (JsonProcessingException e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String jsonString(String text) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(text)) + "\"";
    }
}
