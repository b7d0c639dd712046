package dev.promenade.pipeline;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The rules every promotion chain follows, wherever it is declared (configuration or a repository's chain file). */
public final class Chains {

    private Chains() {
    }

    /**
     * One environment as declared.
     *
     * @param branch {@code null}: the environment's name
     * @param url    {@code null}: none
     */
    public record Declared(String name, String branch, String url, boolean requireGreenChecks) {
    }

    /**
     * The chain, with what breaks a rule added to {@code problems}, each starting with {@code where}
     * and the environment's index.
     */
    public static List<Environment> of(List<Declared> declared, String where, List<String> problems) {
        if (declared.isEmpty()) {
            problems.add(where + ": the promotion chain is empty");
        }
        List<Environment> chain = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Set<String> branches = new HashSet<>();
        for (int j = 0; j < declared.size(); j++) {
            Declared environment = declared.get(j);
            String name = environment.name() == null ? "" : environment.name().strip();
            String branch = environment.branch() == null ? name : environment.branch().strip();
            if (!name.matches("[A-Za-z0-9._-]+")) {
                problems.add(where + "[" + j + "].name: '" + name + "' may hold only letters, digits, '.', '_' and '-'");
            }
            if (!names.add(name)) {
                problems.add(where + "[" + j + "].name: environment '" + name + "' appears twice");
            }
            if (branch.isEmpty()) {
                problems.add(where + "[" + j + "].branch: is empty");
            } else if (!branches.add(branch)) {
                problems.add(where + "[" + j + "].branch: branch '" + branch + "' is used by two environments");
            }
            chain.add(new Environment(name, branch, environment.url(), environment.requireGreenChecks()));
        }
        return chain;
    }
}
