package io.kumaops.operator.runtime;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kumaops.operator.kube.KubeClients;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kumaops.operator.schema.CrdSchemas;
import io.kumaops.operator.yaml.YamlStream;
import io.kumaops.operator.yaml.YamlInputException;
import io.kumaops.operator.model.Quoted;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real kube-apiserver and etcd on this machine, for the one-command local run and for the tests. The binaries
 * are provisioned once (built offline from Debian's sources by the bundled script, then cached) and started
 * through fabric8's kube-api-test.
 */
public final class LocalCluster implements AutoCloseable {

    /** Kuma's largest CRD file is well under 1 MiB. */
    private static final int MAX_CRD_FILE_CHARACTERS = 8 * 1024 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(LocalCluster.class);
    public static final String KUBERNETES_VERSION = "1.20.2";
    private static final String PROVISION_SCRIPT = "local/provision-apiserver.sh";
    private static final String VENDORED_CRDS = "kuma/v2.14.3/crds/";

    private final KubeAPIServer server;
    private final String kubeconfig;

    private LocalCluster(KubeAPIServer server, String kubeconfig) {
        this.server = server;
        this.kubeconfig = kubeconfig;
    }

    /** Starts a fresh API server, provisioning its binaries first when they are not cached yet. */
    public static LocalCluster start() {
        // Where the upstream binaries can be downloaded, kube-api-test may fetch them instead of building them here.
        boolean download = Boolean.parseBoolean(System.getenv().getOrDefault("KUMAOPS_DOWNLOAD_APISERVER", "false")) && !binariesPresent();
        if (!download) {
            ensureBinaries();
        }
        KubeAPIServerConfigBuilder config = KubeAPIServerConfigBuilder.anAPIServerConfig();
        if (!download) {
            config = config.withApiServerVersion(KUBERNETES_VERSION);
        }
        KubeAPIServer server = new KubeAPIServer(config
                .withOfflineMode(!download)
                .withUpdateKubeConfig(false)
                .withTestDir(binaryRoot().toString())
                .withStartupTimeout(120_000)
                .build());
        long started = System.nanoTime();
        server.start();
        LOG.info("local kube-apiserver {} ready in {} ms", KUBERNETES_VERSION, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        return new LocalCluster(server, server.getKubeConfigYaml());
    }

    public static Path binaryRoot() {
        String configured = System.getenv("KUBE_API_TEST_DIR");
        return configured != null && !configured.isBlank() ? Path.of(configured) : Path.of(System.getProperty("user.home"), ".kubeapitest");
    }

    static boolean binariesPresent() {
        Path dir = binaryRoot().resolve("k8s").resolve(KUBERNETES_VERSION + "-linux-amd64");
        return Files.isExecutable(dir.resolve("kube-apiserver")) && Files.isExecutable(dir.resolve("etcd"));
    }

    /** Runs the bundled provisioning script with its progress on this terminal; it returns at once when cached. */
    static void ensureBinaries() {
        if (binariesPresent()) {
            return;
        }
        LOG.info("kube-apiserver {} is not provisioned yet: building it offline from Debian's sources (first time only, a few minutes)", KUBERNETES_VERSION);
        try (InputStream script = LocalCluster.class.getClassLoader().getResourceAsStream(PROVISION_SCRIPT)) {
            if (script == null) {
                throw new IllegalStateException(PROVISION_SCRIPT + " is missing from the jar");
            }
            Path file = Files.createTempFile("provision-apiserver", ".sh", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Files.write(file, script.readAllBytes());
            Process process = new ProcessBuilder("bash", file.toString()).inheritIO().start();
            int exit = process.waitFor();
            Files.deleteIfExists(file);
            if (exit != 0 || !binariesPresent()) {
                throw new IllegalStateException("provisioning the local kube-apiserver failed (exit " + exit + "); see the messages above");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while provisioning the local kube-apiserver", e);
        }
    }

    public String kubeconfigYaml() {
        return kubeconfig;
    }

    public Path writeKubeconfig(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, kubeconfig, StandardCharsets.UTF_8);
            return file.toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public KubernetesClient newClient() {
        return KubeClients.build(Config.fromKubeconfig(kubeconfig));
    }

    /**
     * Installs the profile CRD and Kuma's real CRDs: from {@code kumaCrdDir} when given, else the v2.14.3 copy vendored
     * in the jar ({@code kuma/v2.14.3/crds/}).
     */
    public static List<String> installCrds(KubernetesClient client, Path kumaCrdDir) {
        List<CustomResourceDefinition> crds = new ArrayList<>();
        crds.add(Serialization.unmarshal(CrdSchemas.class.getClassLoader().getResourceAsStream(CrdSchemas.PROFILE_CRD_RESOURCE),
                CustomResourceDefinition.class));
        if (kumaCrdDir != null && Files.isDirectory(kumaCrdDir)) {
            crds.addAll(readCrdFiles(kumaCrdDir));
        } else {
            crds.addAll(vendoredKumaCrds());
        }
        List<String> installed = new ArrayList<>();
        for (CustomResourceDefinition crd : crds) {
            try {
                client.apiextensions().v1().customResourceDefinitions().resource(crd).serverSideApply();
                installed.add(crd.getMetadata().getName());
            } catch (RuntimeException e) {
                // 1.20 rejects three of Kuma's CRDs (a "default: null" in their schemas); none is a kind the operator writes.
                LOG.debug("CRD {} not installed: {}", crd.getMetadata().getName(), e.getMessage());
            }
        }
        for (String name : installed) {
            client.apiextensions().v1().customResourceDefinitions().withName(name)
                    .waitUntilCondition(c -> c != null && c.getStatus() != null && c.getStatus().getConditions() != null
                            && c.getStatus().getConditions().stream().anyMatch(x -> x.getType().equals("Established") && x.getStatus().equals("True")),
                            60, TimeUnit.SECONDS);
        }
        return installed;
    }

    /**
     * The CRDs in the files of a directory ({@code run --kuma-crds}), every document of each, through the same YAML
     * reader as profiles.
     *
     * @throws IllegalArgumentException naming the file, document and line of what cannot be read as a CRD
     */
    public static List<CustomResourceDefinition> readCrdFiles(Path directory) {
        List<CustomResourceDefinition> crds = new ArrayList<>();
        YamlStream yaml = new YamlStream(MAX_CRD_FILE_CHARACTERS);
        List<Path> files;
        try (Stream<Path> listing = Files.list(directory)) {
            files = listing.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException | UncheckedIOException e) {
            throw new IllegalArgumentException(directory + ": cannot list directory: " + e.getMessage(), e);
        }
        for (Path file : files) {
            try {
                if (Files.size(file) > MAX_CRD_FILE_CHARACTERS) {
                    throw new IllegalArgumentException(file + ": larger than " + MAX_CRD_FILE_CHARACTERS + " bytes");
                }
                for (YamlStream.Document document : yaml.readAll(YamlStream.decodeUtf8(Files.readAllBytes(file)))) {
                    if (document.isEmpty()) {
                        continue;
                    }
                    try {
                        crds.add(Serialization.jsonMapper().convertValue(document.node(), CustomResourceDefinition.class));
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException(file + " (document " + document.index() + ", line " + document.line()
                                + "): not a CustomResourceDefinition: " + Quoted.oneLine(String.valueOf(e.getMessage()).lines().findFirst().orElse("")), e);
                    }
                }
            } catch (YamlInputException e) {
                throw new IllegalArgumentException(file + (e.documentIndex() > 0 ? " (document " + e.documentIndex() + ", line " + e.line() + ")" : "")
                        + ": " + e.getMessage(), e);
            } catch (IOException e) {
                throw new IllegalArgumentException(file + ": cannot read: " + e.getMessage(), e);
            }
        }
        return crds;
    }

    /** Kuma's v2.14.3 CRDs as vendored in the jar, in the order of their index. */
    public static List<CustomResourceDefinition> vendoredKumaCrds() {
        ClassLoader loader = LocalCluster.class.getClassLoader();
        List<CustomResourceDefinition> crds = new ArrayList<>();
        try (InputStream index = loader.getResourceAsStream(VENDORED_CRDS + "index.txt")) {
            if (index == null) {
                throw new IllegalStateException(VENDORED_CRDS + "index.txt is missing from the classpath");
            }
            for (String line : new String(index.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip).toList()) {
                // The index lists the folder, itself included.
                if (!line.endsWith(".yaml")) {
                    continue;
                }
                try (InputStream in = loader.getResourceAsStream(VENDORED_CRDS + line)) {
                    if (in == null) {
                        throw new IllegalStateException(VENDORED_CRDS + line + " is listed but missing");
                    }
                    crds.add(Serialization.unmarshal(in, CustomResourceDefinition.class));
                }
            }
            return crds;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.stop();
    }
}
