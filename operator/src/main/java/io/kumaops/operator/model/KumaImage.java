package io.kumaops.operator.model;

import io.kumaops.operator.api.v1alpha1.Distribution;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a control-plane image reference says: {@code kumahq/kuma-cp:2.14.3} is open-source Kuma 2.14,
 * {@code kong/kuma-cp:2.10.1} is Kong Mesh 2.10 (Kong Mesh ships its control plane under Kong's organisation). A
 * registry host in front and a digest after are allowed; an image without a version tag says nothing.
 *
 * @param patch the full tag as written, e.g. {@code 2.14.3}
 */
public record KumaImage(Distribution distribution, KumaVersion version, String patch) {

    private static final Pattern REFERENCE = Pattern.compile(
            "\\A(?:[^/]+/)*?(?<org>kumahq|kong)/kuma-cp:v?(?<major>[0-9]+)\\.(?<minor>[0-9]+)(?<rest>[0-9A-Za-z.+-]*)(?:@sha256:[0-9a-f]+)?\\z");

    public static Optional<KumaImage> parse(String image) {
        if (image == null) {
            return Optional.empty();
        }
        Matcher matcher = REFERENCE.matcher(image.trim());
        if (!matcher.matches()) {
            return Optional.empty();
        }
        try {
            KumaVersion version = new KumaVersion(Integer.parseInt(matcher.group("major")), Integer.parseInt(matcher.group("minor")));
            Distribution distribution = "kong".equals(matcher.group("org")) ? Distribution.KongMesh : Distribution.Kuma;
            return Optional.of(new KumaImage(distribution, version,
                    matcher.group("major") + "." + matcher.group("minor") + matcher.group("rest")));
        } catch (NumberFormatException e) {
            return Optional.empty(); // digits beyond an int: not a version anyone runs
        }
    }
}
