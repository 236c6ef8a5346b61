package dev.portalsuite.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The environment variables the suite's code reads, found in the main sources of every module rather than kept by
 * hand: typed reads through {@code Env} ({@code env.string("X", ...)}, {@code env.optional("X")}, {@code
 * env.integer("X", ...)}, ...), helpers handed the environment and a name ({@code baseUrl(env, "X", ...)}), and
 * {@code ${X}} / {@code ${X:-default}} substitutions in main resources (logback's {@code LOG_LEVEL}).
 */
final class KnownVariables {
    private static final Pattern TYPED_READ = Pattern.compile(
            "(?<![A-Za-z0-9_])(?:\\w+\\.)?(?:string|optional|required|integer|port|bool|duration|uri|path|list)\\(\\s*\"([A-Z][A-Z0-9_]*)\"");
    private static final Pattern HELPER_READ = Pattern.compile("\\(\\s*env\\s*,\\s*\"([A-Z][A-Z0-9_]*)\"");
    private static final Pattern SUBSTITUTION = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?::-[^}]*)?}");

    private KnownVariables() {
    }

    /** Variable name → the modules (directory names) whose main sources read it. */
    static Map<String, Set<String>> scan(Path repositoryRoot) {
        Map<String, Set<String>> found = new TreeMap<>();
        try (Stream<Path> modules = Files.list(repositoryRoot)) {
            for (Path module : modules.filter(m -> Files.isDirectory(m.resolve("src/main"))).toList()) {
                try (Stream<Path> files = Files.walk(module.resolve("src/main"))) {
                    for (Path file : files.filter(Files::isRegularFile).toList()) {
                        String name = file.getFileName().toString();
                        String moduleName = module.getFileName().toString();
                        if (name.endsWith(".java")) {
                            collect(TYPED_READ, file, moduleName, found);
                            collect(HELPER_READ, file, moduleName, found);
                        } else if (name.endsWith(".xml") || name.endsWith(".properties")) {
                            collect(SUBSTITUTION, file, moduleName, found);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }

    static TreeSet<String> names(Path repositoryRoot) {
        return new TreeSet<>(scan(repositoryRoot).keySet());
    }

    private static void collect(Pattern pattern, Path file, String module, Map<String, Set<String>> into) throws IOException {
        Matcher matcher = pattern.matcher(Files.readString(file));
        while (matcher.find()) {
            into.computeIfAbsent(matcher.group(1), k -> new TreeSet<>()).add(module);
        }
    }

    /** What a process of {@code module} may be given: its own reads and shared-lib's (which every module uses). */
    static Set<String> readBy(Map<String, Set<String>> scan, String module) {
        Set<String> names = new TreeSet<>();
        scan.forEach((name, modules) -> {
            if (modules.contains(module) || modules.contains("shared-lib")) {
                names.add(name);
            }
        });
        return names;
    }
}
