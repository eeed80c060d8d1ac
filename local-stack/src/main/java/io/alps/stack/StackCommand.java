package io.alps.stack;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./alps stack}: the whole system on this machine, until Ctrl-C. */
@Command(name = "stack", mixinStandardHelpOptions = true,
        description = "Starts Kafka (KRaft), S3Proxy and the four services on this machine, waits until all are "
                + "healthy, prints the URLs, runs a small demo experiment, and stops everything on Ctrl-C.")
public final class StackCommand implements Callable<Integer> {
    @Option(names = "--data", paramLabel = "DIR",
            description = "A data set to register, under its folder's name (repeatable): CIFAR-10 binary files or "
                    + "Fashion-MNIST IDX files. Specs name it in \"data\"; the first is the demo's. Default: "
                    + "./data/cifar-10 and /usr/share/datasets/fashion-mnist, those present.")
    java.util.List<Path> data = new java.util.ArrayList<>();

    @Option(names = "--no-demo", description = "Only start the system; submit no demo experiment.")
    boolean noDemo;

    @Option(names = "--trainers", defaultValue = "1", description = "Trainer instances, one Kafka share group (default: ${DEFAULT-VALUE}).")
    int trainers;

    @Option(names = "--selectors", defaultValue = "1", description = "Selector instances; they share the chunks of "
            + "large pools through one Kafka share group (default: ${DEFAULT-VALUE}).")
    int selectors;

    @Option(names = "--work", defaultValue = "runs/stack", paramLabel = "DIR",
            description = "Kafka logs, stored objects and service logs (default: ${DEFAULT-VALUE}).")
    Path work;

    @Option(names = "--memory", defaultValue = "6g", paramLabel = "SIZE",
            description = "Memory of each service process, heap and ND4J's off-heap arrays together; a quarter is heap "
                    + "(default: ${DEFAULT-VALUE}).")
    String memory;

    @Option(names = "--overhead", paramLabel = "SPEC_JSON",
            description = "Benchmark: run SPEC_JSON in this process and through the services, print the wall-time "
                    + "ratio, then stop.")
    String overhead;

    @Option(names = "--makespan", paramLabel = "SPEC_JSON",
            description = "Benchmark: submit --experiments copies of SPEC_JSON (seeds 1..N) at once, print the makespan "
                    + "against the ideal (total training time / trainers) and each trainer's share, then stop.")
    String makespan;

    @Option(names = "--restart-benchmark", paramLabel = "N,N..", split = ",",
            description = "Benchmark: store copies of one small experiment until each count is reached, SIGKILL and "
                    + "restart the reporter at each, print how long until it answers, then stop.")
    java.util.List<Integer> restartBenchmark;

    @Option(names = "--experiments", defaultValue = "6", description = "Experiments for --makespan (default: ${DEFAULT-VALUE}).")
    int experiments;

    @Option(names = "--root", hidden = true, description = "Repository root holding the packaged services.")
    Path root;

    @Override
    public Integer call() throws Exception {
        if (trainers < 1) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--trainers must be >= 1");
        }
        if (selectors < 1) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--selectors must be >= 1");
        }
        boolean benchmark = overhead != null || makespan != null || restartBenchmark != null;
        java.util.List<StackData.DataSet> sets = StackData.register(data);
        if (!noDemo && !benchmark && sets.isEmpty()) {
            throw new IllegalArgumentException(StackData.noDemoData());
        }
        StackData.DataSet demo = !noDemo && !benchmark ? sets.get(0) : null;
        Path repo = root != null ? root : Path.of(System.getProperty("alps.root", ".")).toAbsolutePath();
        StackConfig config = StackConfig.standard(repo, work.toAbsolutePath(), trainers, selectors, heapFor(memory))
                .withDataSets(sets);
        java.util.Optional<String> busy = PortCheck.firstBusy(config);
        if (busy.isPresent()) {
            System.err.println("alps stack: " + busy.get());
            return 2;
        }
        System.out.println("starting Kafka, S3Proxy and " + (2 + trainers + selectors) + " service processes (logs in "
                + config.workDir().resolve("logs") + ") ...");
        long t0 = System.nanoTime();
        CountDownLatch stopped = new CountDownLatch(1);
        try (LocalStack stack = LocalStack.start(config, Duration.ofMinutes(3))) {
            Thread hook = new Thread(() -> {
                System.out.println("\nstopping ...");
                stack.close();
                stopped.countDown();
            });
            Runtime.getRuntime().addShutdownHook(hook);
            System.out.printf("ready in %.0f s%n", (System.nanoTime() - t0) / 1e9);
            new java.util.TreeMap<>(stack.readySeconds()).forEach((name, s) -> System.out.printf(
                    "  %-22s ready %.1f s after its start%n", name, s));
            printUrls(stack);
            if (overhead != null) {
                OverheadBenchmark.run(stack, overhead, config.workDir());
                return 0;
            }
            if (makespan != null) {
                MakespanBenchmark.run(stack, makespan, experiments, trainers);
                return 0;
            }
            if (restartBenchmark != null) {
                if (sets.isEmpty()) {
                    throw new IllegalArgumentException(StackData.noDemoData());
                }
                RestartBenchmark.run(stack, sets.get(0), restartBenchmark);
                return 0;
            }
            if (demo != null) {
                runDemo(stack, demo);
            }
            System.out.println("running; press Ctrl-C to stop everything");
            stopped.await();
        }
        return 0;
    }

    private static void printUrls(LocalStack stack) {
        System.out.println("  console    " + stack.reporterUrl() + "/   (log in with the API token)");
        System.out.println("  reporter   " + stack.reporterUrl() + "/experiments   (OpenAPI: " + stack.reporterUrl()
                + "/q/openapi)");
        System.out.println("  API token  " + stack.apiToken() + "   (also in " + stack.apiTokenFile()
                + "; send it as 'Authorization: Bearer <token>')");
        for (ServiceProcess s : stack.services()) {
            System.out.printf("  %-22s %s/q/health  %s/q/metrics%n", s.name(), s.url(), s.url());
        }
        System.out.println("  prometheus " + stack.prometheusUrl().orElse("(not installed: apt-get install prometheus)"));
        for (StackData.DataSet set : stack.config().dataSets()) {
            System.out.printf("  data set   %-20s %s (%s)%n", set.name(), set.dataset(), set.dir());
        }
        System.out.println("  kafka      " + stack.kafkaBootstrap());
        System.out.println("  s3         " + stack.storageEndpoint() + "  (bucket alps)");
    }

    private static void runDemo(LocalStack stack, StackData.DataSet demo) {
        String spec = String.format("{\"kind\":\"dense\",\"dataset\":\"%s\",\"data\":\"%s\",\"trainLimit\":5000,"
                + "\"testLimit\":1000,\"initial\":500,\"budget\":500,\"rounds\":2,\"epochs\":2}", demo.dataset(),
                demo.name());
        ReporterClient client = stack.reporter();
        String id = client.submit(spec);
        System.out.println("demo experiment " + id + ": " + spec);
        JsonNode end = client.await(id, Duration.ofHours(2), StackCommand::progress);
        System.out.println("demo " + end.path("status").asText() + (end.has("failureReason")
                ? ": " + end.path("failureReason").asText() : "") + "; details: " + stack.reporterUrl()
                + "/experiments/" + id);
    }

    private static void progress(JsonNode view) {
        StringBuilder sb = new StringBuilder("  " + view.path("status").asText());
        if (view.has("currentRound")) {
            sb.append(", round ").append(view.path("currentRound").asInt()).append('/')
                    .append(view.path("totalRounds").asInt() - 1);
        }
        for (JsonNode r : view.path("rounds")) {
            if (r.has("testAccuracy")) {
                sb.append(String.format(" | r%d: %d labels, acc %.4f", r.path("round").asInt(), r.path("labeled").asInt(),
                        r.path("testAccuracy").asDouble()));
            }
        }
        System.out.println(sb);
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command; bad input (a folder without a data set, say) is one line, not a stack trace. */
    static int execute(String... args) {
        CommandLine cli = new CommandLine(new StackCommand());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof IllegalArgumentException) {
                cmd.getErr().println("alps stack: " + e.getMessage());
                return 2;
            }
            throw e;
        });
        return cli.execute(args);
    }

    /** A quarter of a process's memory as its -Xmx; the native bounds follow from it (deploy/jvm/launch.args). */
    static String heapFor(String memory) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)([gGmM])").matcher(memory);
        if (!m.matches()) {
            throw new CommandLine.ParameterException(new CommandLine(new StackCommand()),
                    "--memory must be a size such as 6g or 3000m, got '" + memory + "'");
        }
        long mb = Long.parseLong(m.group(1)) * (m.group(2).equalsIgnoreCase("g") ? 1024 : 1);
        return (mb / 4) + "m";
    }
}
