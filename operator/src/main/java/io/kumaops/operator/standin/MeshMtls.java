package io.kumaops.operator.standin;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Mesh's {@code spec.mtls} as the certificate issuing needs it. Two values are equal when the whole mtls section
 * is: Kuma regenerates a proxy's certificate whenever that section changes (Kuma pkg/xds/secrets/secrets.go
 * {@code shouldGenerateCerts} compares the whole section).
 *
 * @param section        the mtls section as stored (compared deeply), empty when absent
 * @param enabledBackend {@code mtls.enabledBackend}, "" when mTLS is off
 * @param backends       the backend names in order
 * @param certValidity   the enabled backend's {@code dpCert.rotation.expiration}, Kuma's default 24h when absent
 *                       (pkg/core/ca/issuer/issuer.go {@code DefaultWorkloadCertValidityPeriod})
 */
record MeshMtls(Map<String, Object> section, String enabledBackend, List<String> backends, Duration certValidity) {

    static final MeshMtls OFF = new MeshMtls(Map.of(), "", List.of(), Duration.ofHours(24));

    /** Kuma's duration format for dpCert rotation (pkg/core/resources/apis/mesh/mesh_helpers.go {@code ParseDuration}). */
    private static final Pattern KUMA_DURATION = Pattern.compile("^(\\d+)(y|w|d|h|m|s|ms)$");

    @SuppressWarnings("unchecked")
    static MeshMtls of(Object spec) {
        if (!(spec instanceof Map<?, ?> s) || !(s.get("mtls") instanceof Map<?, ?> mtls)) {
            return OFF;
        }
        String enabled = mtls.get("enabledBackend") instanceof String e ? e : "";
        List<String> names = new ArrayList<>();
        Duration validity = OFF.certValidity();
        if (mtls.get("backends") instanceof List<?> backends) {
            for (Object item : backends) {
                if (item instanceof Map<?, ?> backend && backend.get("name") instanceof String name) {
                    names.add(name);
                    if (name.equals(enabled) && backend.get("dpCert") instanceof Map<?, ?> dpCert
                            && dpCert.get("rotation") instanceof Map<?, ?> rotation && rotation.get("expiration") instanceof String text) {
                        validity = kumaDuration(text, validity);
                    }
                }
            }
        }
        return new MeshMtls(java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>((Map<String, Object>) mtls)), enabled, List.copyOf(names), validity);
    }

    /** mTLS is on and its enabled backend exists: certificates can be issued. */
    boolean issuing() {
        return !enabledBackend.isEmpty() && backends.contains(enabledBackend);
    }

    static Duration kumaDuration(String text, Duration fallback) {
        if ("0".equals(text)) {
            return Duration.ZERO;
        }
        Matcher matcher = KUMA_DURATION.matcher(text);
        if (!matcher.matches()) {
            return fallback;
        }
        long n = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "y" -> Duration.ofDays(365 * n);
            case "w" -> Duration.ofDays(7 * n);
            case "d" -> Duration.ofDays(n);
            case "h" -> Duration.ofHours(n);
            case "m" -> Duration.ofMinutes(n);
            case "s" -> Duration.ofSeconds(n);
            default -> Duration.ofMillis(n);
        };
    }
}
