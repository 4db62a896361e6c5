package io.kumaops.operator.render;

/** Test access to the renderer's comment escaping. */
public final class ManifestRendererAccess {

    private ManifestRendererAccess() {
    }

    public static String comment(String text) {
        return ManifestRenderer.comment(text);
    }
}
