package dev.promenade.github;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.promenade.pipeline.Environment;
import dev.promenade.pipeline.Pipeline;
import dev.promenade.pipeline.RepositoryName;

/**
 * Promenade's GraphQL queries: the fragments of {@code github/pipelines.graphql}, wrapped in one
 * query per batch with an alias per repository ({@code r0}), environment ({@code e1}) and step
 * ({@code p1}, {@code b1}, {@code m1}), and the owners, names and branches as variables.
 */
final class PipelineQuery {

    /** The newest pending commits read per page, with trees, to recognise squash promotions ({@code SourceWindowPage}). */
    static final int WINDOW_PAGE = 100;
    /** Pull requests read per step and kind: one per head and base is open on GitHub, plus any from forks. */
    static final int PULL_REQUESTS = 5;

    private static final Map<String, String> FRAGMENTS = fragments("github/pipelines.graphql");
    private static final Pattern SPREAD = Pattern.compile("\\.\\.\\.([A-Za-z]+)");

    /** A query ready to send. */
    record Query(String text, Map<String, Object> variables) {
    }

    /**
     * What to ask about one pipeline.
     *
     * @param state      its access, heads, checks and pull requests
     * @param compared   the steps (by index in {@link Pipeline#steps()}) to compare, both ways
     * @param windowFrom per step index, the cursor before which to read the next (older) page of its newest
     *                   pending commits with their trees, {@code ""} for the newest page
     */
    record Ask(Pipeline pipeline, boolean state, Set<Integer> compared, Map<Integer, String> windowFrom) {

        static Ask everything(Pipeline pipeline) {
            Set<Integer> all = new LinkedHashSet<>();
            for (int step = 0; step < pipeline.steps().size(); step++) {
                all.add(step);
            }
            return new Ask(pipeline, true, all, Map.of());
        }
    }

    private PipelineQuery() {
    }

    /** What the viewer may do with each repository: {@code r0}, {@code r1}… */
    static Query access(List<RepositoryName> repositories) {
        Builder query = new Builder();
        for (int i = 0; i < repositories.size(); i++) {
            query.repository(i, repositories.get(i)).append(" { ...Access }\n");
        }
        return query.build("Access");
    }

    /**
     * Whether each repository declares its own chain (its chain file on the default branch,
     * {@code chain} under {@code r0}…) and which of {@code branches} it has ({@code b0}, {@code b1}…).
     */
    static Query discovery(List<RepositoryName> repositories, String chainFile, List<String> branches) {
        Builder query = new Builder();
        String file = query.variable("file", "HEAD:" + chainFile);
        List<String> refs = new ArrayList<>();
        for (int b = 0; b < branches.size(); b++) {
            refs.add(query.variable("b" + b, "refs/heads/" + branches.get(b)));
        }
        for (int i = 0; i < repositories.size(); i++) {
            query.repository(i, repositories.get(i)).append(" {\n    chain: object(expression: ").append(file)
                    .append(") { ...ChainFile }\n");
            for (int b = 0; b < refs.size(); b++) {
                query.text.append("    b").append(b).append(": ref(qualifiedName: ").append(refs.get(b)).append(") { name }\n");
            }
            query.text.append("  }\n");
        }
        return query.build("Discovery");
    }

    /** What CI says about each of the commits, by SHA ({@code c0}, {@code c1}… under {@code r0}). */
    static Query checks(RepositoryName repository, List<String> shas) {
        Builder query = new Builder();
        query.repository(0, repository).append(" {\n");
        for (int i = 0; i < shas.size(); i++) {
            query.text.append("    c").append(i).append(": object(expression: ").append(query.variable("c" + i, shas.get(i)))
                    .append(") { ...CommitChecks }\n");
        }
        query.text.append("  }\n");
        return query.build("CommitChecks");
    }

    static Query pipelines(List<Ask> asks) {
        Builder query = new Builder();
        for (int i = 0; i < asks.size(); i++) {
            Ask ask = asks.get(i);
            List<Environment> environments = ask.pipeline().environments();
            query.repository(i, ask.pipeline().repository()).append(" {\n");
            if (ask.state()) {
                query.text.append("    ...Access\n");
            }
            for (int env = 0; env < environments.size(); env++) {
                boolean pending = env > 0 && ask.compared().contains(env - 1);
                boolean targetOnly = ask.compared().contains(env);
                String window = env > 0 ? ask.windowFrom().get(env - 1) : null;
                if (!ask.state() && !pending && !targetOnly && window == null) {
                    continue;
                }
                query.text.append("    e").append(env).append(": ref(qualifiedName: ")
                        .append(query.variable("q" + i + "_" + env, qualified(environments.get(env)))).append(") {\n");
                if (ask.state()) {
                    query.text.append("      target { ...Head }\n");
                }
                if (pending) {
                    query.text.append("      pending: compare(headRef: ")
                            .append(query.variable("q" + i + "_" + (env - 1), qualified(environments.get(env - 1))))
                            .append(") { ...Pending }\n");
                }
                if (window != null) {
                    query.text.append("      window: compare(headRef: ")
                            .append(query.variable("q" + i + "_" + (env - 1), qualified(environments.get(env - 1))))
                            .append(") { aheadBy baseTarget { oid } headTarget { oid } commits(last: ").append(WINDOW_PAGE)
                            .append(window.isEmpty() ? "" : ", before: " + query.variable("w" + i + "_" + env, window))
                            .append(") { ...SourceWindowPage } }\n");
                }
                if (targetOnly) {
                    query.text.append("      targetOnly: compare(headRef: ")
                            .append(query.variable("q" + i + "_" + (env + 1), qualified(environments.get(env + 1))))
                            .append(") { ...TargetOnly }\n");
                }
                query.text.append("    }\n");
            }
            if (ask.state()) {
                for (int step = 1; step < environments.size(); step++) {
                    String target = query.variable("b" + i + "_" + step, environments.get(step).branch());
                    String source = query.variable("b" + i + "_" + (step - 1), environments.get(step - 1).branch());
                    pullRequests(query, "p" + step, "OPEN", target, source, "");
                    pullRequests(query, "b" + step, "OPEN", source, target, "");
                    pullRequests(query, "m" + step, "MERGED", target, source,
                            ", orderBy: { field: UPDATED_AT, direction: DESC }");
                }
            }
            query.text.append("  }\n");
        }
        return query.build("Pipelines");
    }

    private static void pullRequests(Builder query, String alias, String state, String base, String head, String order) {
        query.text.append("    ").append(alias).append(": pullRequests(states: ").append(state).append(", baseRefName: ")
                .append(base).append(", headRefName: ").append(head).append(", first: ").append(PULL_REQUESTS)
                .append(order).append(") { ...PullRequests }\n");
    }

    private static String qualified(Environment environment) {
        return "refs/heads/" + environment.branch();
    }

    /** Collects the operation's text and the variables it declares. */
    private static final class Builder {
        private final StringBuilder text = new StringBuilder();
        private final Map<String, Object> variables = new LinkedHashMap<>();

        StringBuilder repository(int index, RepositoryName repository) {
            return text.append("  r").append(index).append(": repository(owner: ")
                    .append(variable("o" + index, repository.owner())).append(", name: ")
                    .append(variable("n" + index, repository.name())).append(")");
        }

        String variable(String name, Object value) {
            variables.put(name, value);
            return "$" + name;
        }

        Query build(String operation) {
            StringBuilder query = new StringBuilder("query ").append(operation);
            if (!variables.isEmpty()) {
                query.append('(');
                query.append(String.join(", ", variables.keySet().stream().map(name -> "$" + name + ": String!").toList()));
                query.append(')');
            }
            query.append(" {\n  rateLimit { ...Budget }\n").append(text).append("}\n");
            Set<String> used = new LinkedHashSet<>();
            collect(query, used);
            used.forEach(fragment -> query.append('\n').append(FRAGMENTS.get(fragment)));
            return new Query(query.toString(), Map.copyOf(variables));
        }

        /** GitHub refuses a query declaring a fragment it does not use: only those spread are sent. */
        private static void collect(CharSequence text, Set<String> used) {
            Matcher spread = SPREAD.matcher(text);
            while (spread.find()) {
                if (used.add(spread.group(1))) {
                    collect(FRAGMENTS.get(spread.group(1)), used);
                }
            }
        }
    }

    private static Map<String, String> fragments(String resource) {
        String text;
        try (InputStream in = PipelineQuery.class.getClassLoader().getResourceAsStream(resource)) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> fragments = new LinkedHashMap<>();
        Matcher fragment = Pattern.compile("(?ms)^fragment (\\w+) on \\w+ \\{.*?^\\}").matcher(text);
        while (fragment.find()) {
            fragments.put(fragment.group(1), fragment.group());
        }
        return fragments;
    }
}
