package io.kumaops.operator.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each input limit is checked before the input is parsed, and the refusal names the file and the limit. */
class InputLimitsTest {

    private static final String PROFILE = "apiVersion: kumaops.io/v1alpha1\nkind: KumaProductionProfile\nmetadata: {name: p%d}\n";
    private static final InputLimits SMALL = new InputLimits(1024, 4096, 5, 3);

    @TempDir
    Path dir;

    private static String profiles(int count) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < count; i++) {
            text.append("---\n").append(PROFILE.formatted(i));
        }
        return text.toString();
    }

    @Test
    void aFileOverTheLimitIsRefusedUnread() throws Exception {
        Path file = Files.writeString(dir.resolve("big.yaml"), "# " + "x".repeat(2000) + "\n");
        assertThatThrownBy(() -> ProfileLoader.strict(SMALL).load(List.of(file.toString()), InputStream.nullInputStream()))
                .hasMessageContaining("big.yaml: 2003 bytes, more than the input limit of 1024 bytes per file");
    }

    @Test
    void stdinIsReadOnlyUpToTheLimit() {
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                return 'x';
            }
        };
        assertThatThrownBy(() -> ProfileLoader.strict(SMALL).load(List.of("-"), endless))
                .hasMessageContaining("<stdin>: more bytes, more than the input limit of 1024 bytes per file");
    }

    @Test
    void theFilesOfOneRunShareOneBudget() throws Exception {
        for (int i = 0; i < 6; i++) {
            Files.writeString(dir.resolve("f" + i + ".yaml"), "# " + "x".repeat(900) + "\n");
        }
        assertThatThrownBy(() -> ProfileLoader.skippingOtherKinds(SMALL).load(List.of(dir.toString()), InputStream.nullInputStream()))
                .hasMessageContaining("f4.yaml: reading it would pass 4096 bytes of input in one run");
    }

    @Test
    void documentsAndProfilesAreCounted() {
        String configMaps = "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n".repeat(6);
        assertThatThrownBy(() -> ProfileLoader.skippingOtherKinds(SMALL).parse("cm.yaml", configMaps))
                .hasMessageContaining("cm.yaml (document 6, line 22): more than 5 YAML documents in one run");
        assertThatThrownBy(() -> ProfileLoader.strict(SMALL).parse("p.yaml", profiles(4)))
                .hasMessageContaining("p.yaml (document 4, line 14): more than 3 profiles in one run");
    }

    @Test
    void theDefaultsTakeAThousandProfiles() throws Exception {
        assertThat(InputLimits.DEFAULT.maxProfiles()).isEqualTo(1000);
        assertThat(ProfileLoader.strict().load(List.of("-"), new ByteArrayInputStream(profiles(1000).getBytes()))).hasSize(1000);
        assertThatThrownBy(() -> ProfileLoader.strict().load(List.of("-"), new ByteArrayInputStream(profiles(1001).getBytes())))
                .hasMessageContaining("more than 1000 profiles in one run");
    }
}
