package io.alps.stack;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The configuration keys a service module reads, read from its sources: the keys of its
 * application.properties and the properties of every {@code @ConfigMapping} interface in the
 * module and in service-support. Read from source because the service classes are not on this
 * module's class path.
 */
final class ServiceConfigKeys {
    /** Keys the Quarkus extensions read that no ALPS file names. */
    static final Set<String> FRAMEWORK_KEYS = Set.of("kafka.bootstrap.servers");
    /** Any Quarkus setting may be given through the environment (e.g. QUARKUS_LOG_LEVEL). */
    static final String FRAMEWORK_ENV_PREFIX = "QUARKUS_";

    private static final Pattern MAPPING = Pattern.compile("@ConfigMapping\\(\\s*prefix\\s*=\\s*\"([^\"]+)\"");
    /** An abstract interface method: a property (default and static methods have bodies). */
    private static final Pattern PROPERTY = Pattern.compile(
            "^\\s+(?!default\\b|static\\b|return\\b)[\\w.<>?,\\[\\] ]+\\s+(\\w+)\\(\\)\\s*;", Pattern.MULTILINE);
    private static final Pattern PROFILE = Pattern.compile("^%[^.]+\\.");

    private ServiceConfigKeys() {
    }

    static Set<String> of(Path root, Path module) {
        Set<String> keys = new TreeSet<>(FRAMEWORK_KEYS);
        keys.addAll(propertiesKeys(module.resolve("src/main/resources/application.properties")));
        keys.addAll(mappingKeys(root.resolve("service-support/src/main/java")));
        keys.addAll(mappingKeys(module.resolve("src/main/java")));
        return keys;
    }

    /** MicroProfile Config's environment form of a key: upper case, every non-alphanumeric an underscore. */
    static String envName(String key) {
        return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    static boolean reads(Set<String> keys, String envVar) {
        return envVar.startsWith(FRAMEWORK_ENV_PREFIX) || keys.stream().anyMatch(k -> envName(k).equals(envVar));
    }

    private static Set<String> propertiesKeys(Path file) {
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Set<String> keys = new TreeSet<>();
        properties.stringPropertyNames().forEach(k -> keys.add(PROFILE.matcher(k).replaceFirst("")));
        return keys;
    }

    private static Set<String> mappingKeys(Path sources) {
        Set<String> keys = new TreeSet<>();
        if (!Files.isDirectory(sources)) {
            return keys;
        }
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String source = Files.readString(file);
                Matcher mapping = MAPPING.matcher(source);
                if (!mapping.find()) {
                    continue;
                }
                String prefix = mapping.group(1);
                Matcher property = PROPERTY.matcher(source.substring(mapping.end()));
                while (property.find()) {
                    keys.add(prefix + "." + kebab(property.group(1)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return keys;
    }

    /** SmallRye's default naming: sendTimeoutSeconds is send-timeout-seconds. */
    static String kebab(String method) {
        return method.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }
}
