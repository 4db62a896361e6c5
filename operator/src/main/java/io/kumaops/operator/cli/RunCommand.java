package io.kumaops.operator.cli;

import com.google.common.net.InetAddresses;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kumaops.operator.kube.KubeClients;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.kumaops.operator.api.v1alpha1.Finding;
import io.kumaops.operator.api.v1alpha1.Patterns;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfile;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfileStatus;
import io.kumaops.operator.api.v1alpha1.Phase;
import io.kumaops.operator.load.LoadedProfile;
import io.kumaops.operator.load.ProfileInputException;
import io.kumaops.operator.load.ProfileLoader;
import io.kumaops.operator.model.Quoted;
import io.kumaops.operator.reconcile.ProfileReconciler;
import io.kumaops.operator.runtime.LocalCluster;
import io.kumaops.operator.runtime.OperatorRunner;
import io.kumaops.operator.validate.WriteScope;
import io.kumaops.operator.standin.KumaStandIn;
import io.kumaops.operator.status.StatusAggregator;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "run",
        mixinStandardHelpOptions = true,
        description = {"Run the operator.",
                "With --kubeconfig (or inside a pod) it reconciles the profiles of that cluster.",
                "With neither, it starts a local real kube-apiserver + etcd (built offline and cached the first time),",
                "installs the profile CRD and Kuma's v2.14.3 CRDs, starts a stand-in for Kuma's control plane (no Kuma runs",
                "on this machine: the stand-in serves Kuma's admission as modelled from Kuma's source, creates Kuma's default",
                "policies and a control-plane Deployment), applies an example profile, shows the rollout step by step and",
                "keeps running until Ctrl-C; a second terminal can use kubectl with the kubeconfig it prints."})
public final class RunCommand implements Callable<Integer> {

    @Option(names = "--kubeconfig", paramLabel = "FILE", description = "Kubeconfig of the cluster to manage.")
    Path kubeconfig;

    @Option(names = "--context", paramLabel = "NAME", description = "Kubeconfig context (default: the current one).")
    String kubeContext;

    @Option(names = "--health-port", defaultValue = "8081", paramLabel = "PORT",
            description = "Port of /healthz and /readyz (default ${DEFAULT-VALUE}; -1 disables).")
    int healthPort;

    @Option(names = "--metrics-port", defaultValue = "8080", paramLabel = "PORT",
            description = "Port of the Prometheus /metrics endpoint (default ${DEFAULT-VALUE}; the health port serves it too; -1 disables).")
    int metricsPort;

    @Option(names = "--bind-address", paramLabel = "ADDR",
            description = "IP address the probe and metrics listeners bind to (default: 0.0.0.0 in a pod, where the kubelet"
                    + " and Prometheus reach the pod's IP; 127.0.0.1 elsewhere, the local run included), e.g. :: for every interface.")
    String bindAddress;

    @Option(names = "--watch-namespaces", split = ",", paramLabel = "NS",
            description = "Namespaces whose owned Kuma policies are watched for drift (comma-separated; default all).")
    java.util.Set<String> watchNamespaces = new java.util.LinkedHashSet<>();

    @Option(names = "--system-namespaces", split = ",", paramLabel = "NS", defaultValue = "${env:KUMAOPS_SYSTEM_NAMESPACES}",
            description = "Kuma system namespaces the profiles may name in controlPlane.systemNamespace: the only namespaces the"
                    + " operator writes to (comma-separated; default: env KUMAOPS_SYSTEM_NAMESPACES, else any). A profile naming"
                    + " another is InvalidSpec. The Helm chart passes its kumaSystemNamespaces.")
    List<String> systemNamespaces = new ArrayList<>();

    // Null when neither the flag nor the env is given (any name); given empty, no managed profile may patch a Deployment.
    @Option(names = "--control-plane-deployments", split = ",", paramLabel = "NAME", defaultValue = "${env:KUMAOPS_CONTROL_PLANE_DEPLOYMENTS}",
            description = "Control-plane Deployments a profile with controlPlane.manage may name in controlPlane.deploymentName:"
                    + " the only Deployments the operator patches (comma-separated; default: env KUMAOPS_CONTROL_PLANE_DEPLOYMENTS,"
                    + " else any; given empty, none). A managed profile naming another is InvalidSpec. The Helm chart passes its"
                    + " rbac.controlPlaneDeployments.")
    List<String> controlPlaneDeployments;

    @Option(names = "--leader-election", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Elect a leader through a Lease so several replicas are safe (default on; off in the local run).")
    boolean leaderElection;

    @Option(names = "--lease-namespace", paramLabel = "NS",
            description = "Namespace of the leader Lease (default: env POD_NAMESPACE, else kuma-production-operator).")
    String leaseNamespace;

    @Option(names = "--resync-interval", defaultValue = "10m", paramLabel = "DURATION",
            description = "Re-evaluate every profile at least this often (default ${DEFAULT-VALUE}), e.g. 30s, 10m, 1h.")
    String resyncInterval;

    @Option(names = "--step-settle-time", defaultValue = "0s", paramLabel = "DURATION",
            description = "Pause after a step that needed writes before the next step starts (default ${DEFAULT-VALUE});"
                    + " gives Kuma's control plane time to act, e.g. 5s.")
    String stepSettle;

    @Option(names = "--example", paramLabel = "FILE",
            description = "Local run only: the profile(s) to apply (default: the bundled examples/production.yaml).")
    List<Path> examples = new ArrayList<>();

    @Option(names = "--kuma-crds", paramLabel = "DIR",
            description = "Local run only: install Kuma's CRDs from DIR instead of the v2.14.3 copy in the jar.")
    Path kumaCrds;

    @Option(names = "--exit-when-settled", description = "Local run only: stop once every applied profile is Ready, Blocked or Degraded (exit 0), or after --settle-timeout (exit 1).")
    boolean exitWhenSettled;

    @Option(names = "--settle-timeout", defaultValue = "120s", paramLabel = "DURATION",
            description = "With --exit-when-settled: how long to wait for the profiles to settle (default ${DEFAULT-VALUE}).")
    String settleTimeout;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Duration resync;
        Duration settle;
        try {
            resync = Durations.parse(resyncInterval, "--resync-interval");
            settle = Durations.parse(stepSettle, "--step-settle-time");
            Durations.parse(settleTimeout, "--settle-timeout");
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        if (!isPort(err, "--health-port", healthPort) || !isPort(err, "--metrics-port", metricsPort)) {
            return ExitCodes.USAGE;
        }
        Set<String> allowedSystemNamespaces = namespaceNames(err, "--system-namespaces", systemNamespaces);
        if (allowedSystemNamespaces == null) {
            return ExitCodes.USAGE;
        }
        Set<String> allowedDeployments = controlPlaneDeployments == null ? null : deploymentNames(err, controlPlaneDeployments);
        if (controlPlaneDeployments != null && allowedDeployments == null) {
            return ExitCodes.USAGE;
        }
        WriteScope scope = WriteScope.ANY.withSystemNamespaces(allowedSystemNamespaces).withControlPlaneDeployments(allowedDeployments);
        boolean inCluster = System.getenv("KUBERNETES_SERVICE_HOST") != null;
        String host = bindAddress(err, bindAddress, inCluster);
        if (host == null) {
            return ExitCodes.USAGE;
        }
        ProfileReconciler.Settings settings = ProfileReconciler.Settings.defaults().withResync(resync).withStepSettle(settle);
        try (StopSignal stop = StopSignal.install()) {
            if (kubeconfig != null || inCluster) {
                return runAgainstCluster(out, err, settings, scope, host, stop);
            }
            return runLocally(out, err, settings, scope, host, stop);
        }
    }

    private static boolean isPort(PrintWriter err, String flag, int value) {
        if (value < -1 || value > 65535) {
            err.println("error: " + flag + " " + value + ": not a port (0-65535, or -1 to disable)");
            return false;
        }
        return true;
    }

    /** The names given, blanks dropped; null (after one line on stderr naming the flag) when one is not a namespace name. */
    static Set<String> namespaceNames(PrintWriter err, String flag, List<String> given) {
        return names(err, flag, given, Patterns.DNS_LABEL, 63, "a namespace name (lower case letters, digits and '-', at most 63 characters)");
    }

    /** --control-plane-deployments' names, blanks dropped; null (after one line on stderr) when one is no Deployment name. */
    static Set<String> deploymentNames(PrintWriter err, List<String> given) {
        return names(err, "--control-plane-deployments", given, Patterns.DNS_SUBDOMAIN, 253,
                "a Deployment name (lower case letters, digits, '-' and '.', at most 253 characters)");
    }

    private static Set<String> names(PrintWriter err, String flag, List<String> given, String pattern, int maxLength, String what) {
        Set<String> names = new LinkedHashSet<>();
        for (String name : given == null ? List.<String>of() : given) {
            String trimmed = name == null ? "" : name.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            if (trimmed.length() > maxLength || !Pattern.matches(pattern, trimmed)) {
                err.println("error: " + flag + ": " + Quoted.of(trimmed) + " is not " + what);
                return null;
            }
            names.add(trimmed);
        }
        return names;
    }

    /**
     * The listeners' address: the flag's, which must be an IP literal (no name is looked up), else 0.0.0.0 in a pod and
     * 127.0.0.1 elsewhere. Null, after one line on stderr naming the flag, when it is no IP address.
     */
    static String bindAddress(PrintWriter err, String given, boolean inPod) {
        if (given == null) {
            return inPod ? "0.0.0.0" : "127.0.0.1";
        }
        String address = given.trim();
        if (address.startsWith("[") && address.endsWith("]")) {
            address = address.substring(1, address.length() - 1);
        }
        if (!InetAddresses.isInetAddress(address)) {
            err.println("error: --bind-address " + Quoted.of(given) + ": not an IP address; give one of this machine's addresses,"
                    + " e.g. 0.0.0.0 (every IPv4 interface), :: (every interface) or 127.0.0.1");
            return null;
        }
        return address;
    }

    /** host:port as a URL writes it: IPv6 in brackets, and a wildcard address as the loopback one to connect to. */
    static String hostPort(String host, int port) {
        if (port < 0) {
            return "off";
        }
        InetAddress address = InetAddresses.forString(host);
        String shown = address.isAnyLocalAddress() ? "127.0.0.1" : host.contains(":") ? "[" + host + "]" : host;
        return shown + ":" + port;
    }

    /** Binds the probe and metrics ports before anything else starts; a busy port is one line and exit 2. */
    private OperatorRunner.Endpoints listen(PrintWriter err, String host, int health, int metrics) {
        try {
            return OperatorRunner.Endpoints.listen(host, health, metrics);
        } catch (OperatorRunner.ListenException e) {
            String portFlag = e.endpoint() == OperatorRunner.Endpoint.HEALTH ? "--health-port" : "--metrics-port";
            // EADDRNOTAVAIL: the address is not one of this machine's; anything else (in use, not permitted) is the port's.
            String fix = e.reason() != null && e.reason().contains("assign requested address")
                    ? "choose one of this machine's addresses with --bind-address"
                    : "choose another port with " + portFlag + " (-1 disables it)";
            err.println("error: cannot listen on " + e.host() + ":" + e.port() + " (" + e.reason() + "); " + fix);
            err.flush();
            return null;
        }
    }

    private int runAgainstCluster(PrintWriter out, PrintWriter err, ProfileReconciler.Settings settings, WriteScope scope,
                                  String host, StopSignal stop)
            throws InterruptedException {
        Kubeconfigs.Loaded loaded = Kubeconfigs.load(kubeconfig, kubeContext, false);
        if (!loaded.ok()) {
            err.println("error: " + loaded.error());
            return ExitCodes.USAGE;
        }
        Config config = loaded.config();
        String namespace = leaseNamespace != null ? leaseNamespace
                : System.getenv().getOrDefault("POD_NAMESPACE", "kuma-production-operator");
        OperatorRunner.Endpoints endpoints = listen(err, host, healthPort, metricsPort);
        if (endpoints == null) {
            return ExitCodes.USAGE;
        }
        KubernetesClient client = KubeClients.build(config);
        OperatorRunner.Options options = OperatorRunner.Options.defaults().withSettings(settings)
                .withPorts(host, healthPort, metricsPort).withWatchNamespaces(watchNamespaces)
                .withWriteScope(scope);
        if (leaderElection) {
            options = options.withLease(namespace, true, System.getenv("POD_NAME"));
        }
        OperatorRunner runner;
        try {
            runner = OperatorRunner.start(client, options, endpoints);
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
        stop.running();
        out.println("kuma-production-operator running against " + config.getMasterUrl() + "; probes on " + hostPort(host, runner.healthPort())
                + ", metrics on " + hostPort(host, runner.metricsPort()) + " (bound to " + host + ")");
        out.flush();
        stop.await();
        runner.close();
        client.close();
        return ExitCodes.OK;
    }

    private int runLocally(PrintWriter out, PrintWriter err, ProfileReconciler.Settings settings, WriteScope scope,
                           String host, StopSignal stop) throws Exception {
        List<LoadedProfile> profiles;
        try {
            profiles = loadExamples();
        } catch (ProfileInputException e) {
            err.println("error: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        if (kumaCrds != null) {
            // Before anything starts: a broken CRD file is a usage error, not a crash half-way through the start.
            try {
                LocalCluster.readCrdFiles(kumaCrds);
            } catch (IllegalArgumentException e) {
                err.println("error: --kuma-crds: " + e.getMessage());
                return ExitCodes.USAGE;
            }
        }
        OperatorRunner.Endpoints endpoints = listen(err, host, healthPort, healthPort);
        if (endpoints == null) {
            return ExitCodes.USAGE;
        }
        out.println("No --kubeconfig given: starting a local kube-apiserver " + LocalCluster.KUBERNETES_VERSION + " + etcd.");
        out.flush();
        LocalCluster cluster;
        try {
            cluster = LocalCluster.start();
        } catch (RuntimeException e) {
            endpoints.close();
            throw e;
        }
        Path kubeconfigFile = cluster.writeKubeconfig(Path.of(System.getenv().getOrDefault("KUMAOPS_LOCAL_DIR", ".kumaops-local"), "kubeconfig"));
        KubernetesClient client = cluster.newClient();
        KumaStandIn standIn = null;
        OperatorRunner runner;
        try {
            List<String> crds = LocalCluster.installCrds(client, kumaCrds);
            out.println("Installed " + crds.size() + " CRDs (the profile CRD and " + (kumaCrds == null ? "Kuma's v2.14.3 CRDs" : "Kuma's from " + kumaCrds) + ").");
            standIn = KumaStandIn.start(client, KumaStandIn.Config.defaults());
            out.println("No Kuma control plane runs on this machine: a stand-in plays " + standIn.target() + " (standalone, system namespace "
                    + standIn.config().systemNamespace() + ").");
            out.println("  It serves Kuma's admission as a validating webhook, modelled from Kuma's source (it is not Kuma),");
            out.println("  creates Mesh default and Kuma's default policies for every Mesh, and a " + standIn.config().deploymentName()
                    + " Deployment whose status it keeps.");
            runner = OperatorRunner.start(client, OperatorRunner.Options.defaults().withSettings(settings)
                    .withPorts(host, healthPort, healthPort).withWriteScope(scope), endpoints);
        } catch (RuntimeException e) {
            // A failed start must not leave the local kube-apiserver and etcd behind as orphans.
            if (standIn != null) {
                standIn.close();
            }
            client.close();
            cluster.close();
            endpoints.close();
            throw e;
        }
        stop.running();
        out.println("Operator started" + (healthPort >= 0 ? "; probes and metrics on http://" + hostPort(host, runner.healthPort()) + "/metrics" : "") + ".");
        out.println();
        out.println("In another terminal:  export KUBECONFIG=" + kubeconfigFile + "  &&  kubectl get kpp");
        out.println();
        out.flush();
        Map<String, String> lastLine = new ConcurrentHashMap<>();
        CountDownLatch settled = new CountDownLatch(profiles.size());
        Watch watch = client.resources(KumaProductionProfile.class).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, KumaProductionProfile profile) {
                KumaProductionProfileStatus status = profile.getStatus();
                if (status == null) {
                    return;
                }
                String line = describe(profile.getMetadata().getName(), status);
                if (!line.equals(lastLine.put(profile.getMetadata().getName(), line))) {
                    out.println(line);
                    if (status.phase == Phase.Ready || status.phase == Phase.Blocked || status.phase == Phase.Degraded) {
                        printSummary(out, profile);
                        settled.countDown();
                    }
                    out.flush();
                }
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        });
        for (LoadedProfile loaded : profiles) {
            int simulated = simulateDataplanes(client, standIn, loaded.profile());
            if (simulated > 0) {
                out.println("The stand-in simulates " + simulated + " data planes in mesh " + loaded.profile().meshName()
                        + " (the Services its permission rules name, and Kuma's reports for them).");
            }
            client.resource(loaded.profile()).serverSideApply();
            out.println("applied KumaProductionProfile " + loaded.profile().getMetadata().getName() + " from " + loaded.source());
            out.flush();
        }
        int exit = ExitCodes.OK;
        if (exitWhenSettled) {
            long deadline = System.nanoTime() + Durations.parse(settleTimeout, "--settle-timeout").toNanos();
            boolean done = false;
            while (!done && !stop.requested() && System.nanoTime() < deadline) {
                done = settled.await(200, TimeUnit.MILLISECONDS);
            }
            exit = done || stop.requested() ? ExitCodes.OK : 1;
        } else {
            out.println("Running until Ctrl-C.");
            out.flush();
            stop.await();
        }
        watch.close();
        runner.close();
        standIn.close();
        client.close();
        cluster.close();
        return exit;
    }

    /**
     * The data planes Kuma's injector would make for the workloads a profile's permission rules name (kind Service),
     * two per Service, so the local run shows the gates passing on Kuma's reports. Returns how many were made.
     */
    private static int simulateDataplanes(KubernetesClient client, KumaStandIn standIn, KumaProductionProfile profile) {
        KumaProductionProfile defaulted = profile.withDefaultedSpec();
        java.util.Set<String> made = new java.util.LinkedHashSet<>();
        int count = 0;
        for (var rule : defaulted.getSpec().trafficPermissions.rules) {
            List<io.kumaops.operator.api.v1alpha1.TargetRef> targets = new ArrayList<>(rule.sources);
            targets.add(rule.destination);
            for (var target : targets) {
                if (target.kind != io.kumaops.operator.api.v1alpha1.TargetKind.Service
                        || !made.add(target.namespace + "/" + target.name + ":" + target.port)) {
                    continue;
                }
                client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(target.namespace)
                        .addToLabels("kuma.io/sidecar-injection", "enabled").endMetadata().build()).serverSideApply();
                count += standIn.reports().dataplanes(target.name).namespace(target.namespace).mesh(defaulted.meshName())
                        .port(target.port).protocol("http").count(2).create().size();
            }
        }
        return count;
    }

    private List<LoadedProfile> loadExamples() throws ProfileInputException, IOException {
        ProfileLoader loader = ProfileLoader.strict();
        if (!examples.isEmpty()) {
            return loader.load(examples.stream().map(Path::toString).toList(), System.in);
        }
        try (InputStream bundled = RunCommand.class.getClassLoader().getResourceAsStream("local/examples/production.yaml")) {
            String text = new String(bundled.readAllBytes(), StandardCharsets.UTF_8);
            return loader.load(List.of("-"), new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8))).stream()
                    .map(p -> new LoadedProfile(p.profile(), "examples/production.yaml (bundled)", p.documentIndex(), p.line())).toList();
        }
    }

    static String describe(String name, KumaProductionProfileStatus status) {
        String ready = status.conditions.stream().filter(c -> c.getType().equals(StatusAggregator.READY)).findFirst()
                .map(c -> c.getStatus() + " (" + c.getReason() + ")").orElse("-");
        return String.format("%-12s phase=%-11s ready=%-28s step=%-22s done=%s", name, status.phase, ready,
                status.currentStep == null ? "-" : status.currentStep, String.join(",", status.completedSteps));
    }

    private static void printSummary(PrintWriter out, KumaProductionProfile profile) {
        KumaProductionProfileStatus status = profile.getStatus();
        out.println();
        out.printf("NAME          MESH          PHASE       READY   ERRORS   WARNINGS%n");
        String ready = status.conditions.stream().filter(c -> c.getType().equals(StatusAggregator.READY)).findFirst()
                .map(c -> c.getStatus()).orElse("");
        out.printf("%-13s %-13s %-11s %-7s %-8d %d%n", profile.getMetadata().getName(), status.meshName, status.phase, ready,
                status.summary.errors, status.summary.warnings);
        out.println("managed: " + status.managedResources.size() + " objects; findings:");
        for (Finding finding : status.findings) {
            out.println("  " + finding.severity + " [" + finding.code + "] " + finding.path
                    + (finding.isSuppressed() ? " (suppressed: " + finding.suppressionReason + ")" : ""));
        }
        out.println();
    }
}
