package dev.promenade.pipeline;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * A repository's own promotion chain, declared in {@value #PATH} on its default branch:
 *
 * <pre>
 * environments:
 *   - name: test
 *     branch: master
 *     url: https://test.example.com
 *   - name: staging
 *   - name: production
 *     require-green-checks: true
 * </pre>
 *
 * Whatever is wrong with it is said, never thrown: the board shows it.
 */
public final class ChainFile {

    public static final String PATH = ".github/promenade.yml";
    /** A chain is a few lines; anything larger is not one, and is not parsed. */
    public static final int MAX_BYTES = 16 * 1024;
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Set<String> KEYS = Set.of("name", "branch", "url", "require-green-checks");

    private ChainFile() {
    }

    /** The chain a file declares, or what is wrong with it (then the chain is empty). */
    public record Parsed(List<Environment> chain, List<String> problems) {

        public Parsed {
            chain = List.copyOf(chain);
            problems = List.copyOf(problems);
        }
    }

    /** @param truncated whether GitHub said it gave only part of the file */
    public static Parsed parse(String text, boolean truncated) {
        if (truncated || text == null || text.length() > MAX_BYTES) {
            return failed(PATH + ": larger than " + MAX_BYTES / 1024 + " KB, which no promotion chain needs");
        }
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (IOException e) {
            return failed(PATH + ": not YAML (" + firstLine(e.getMessage()) + ")");
        }
        JsonNode environments = root == null ? null : root.path("environments");
        if (environments == null || !environments.isArray()) {
            return failed(PATH + ": has no list of environments (environments: - name: …)");
        }
        List<String> problems = new ArrayList<>();
        List<Chains.Declared> declared = new ArrayList<>();
        for (int i = 0; i < environments.size(); i++) {
            JsonNode environment = environments.get(i);
            String where = PATH + ": environments[" + i + "]";
            if (!environment.isObject()) {
                problems.add(where + ": is not a mapping of name, branch, url, require-green-checks");
                continue;
            }
            for (Iterator<String> keys = environment.fieldNames(); keys.hasNext();) {
                String key = keys.next();
                if (!KEYS.contains(key)) {
                    problems.add(where + ": unknown key '" + abbreviated(key) + "' (name, branch, url, require-green-checks)");
                }
            }
            String name = text(environment, "name", where, problems);
            String branch = text(environment, "branch", where, problems);
            String url = text(environment, "url", where, problems);
            if (url != null && !isWebUrl(url)) {
                problems.add(where + ".url: '" + abbreviated(url) + "' is not an http(s) URL");
            }
            JsonNode green = environment.path("require-green-checks");
            if (!green.isMissingNode() && !green.isBoolean()) {
                problems.add(where + ".require-green-checks: is true or false");
            }
            declared.add(new Chains.Declared(name == null ? "" : name, branch, url, green.asBoolean(false)));
        }
        List<Environment> chain = Chains.of(declared, PATH + ": environments", problems);
        if (chain.size() == 1 && problems.isEmpty()) {
            problems.add(PATH + ": one environment is not a promotion chain; list at least two");
        }
        return problems.isEmpty() ? new Parsed(chain, List.of()) : new Parsed(List.of(), problems);
    }

    private static String text(JsonNode environment, String key, String where, List<String> problems) {
        JsonNode value = environment.path(key);
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        if (!value.isValueNode() || value.isBoolean()) {
            problems.add(where + "." + key + ": is not text");
            return null;
        }
        return value.asText();
    }

    private static boolean isWebUrl(String value) {
        try {
            URI uri = URI.create(value);
            return uri.isAbsolute() && uri.getHost() != null && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static Parsed failed(String problem) {
        return new Parsed(List.of(), List.of(problem));
    }

    private static String firstLine(String message) {
        return abbreviated(message == null ? "unreadable" : message.lines().findFirst().orElse("unreadable"));
    }

    /** What the file says is shown back (escaped by the page), but never at length. */
    private static String abbreviated(String text) {
        return text.length() > 80 ? text.substring(0, 80) + "…" : text;
    }
}
