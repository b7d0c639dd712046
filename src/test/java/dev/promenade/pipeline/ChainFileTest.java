package dev.promenade.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** A repository's own chain file: what it declares, and every way it can be wrong, said rather than thrown. */
class ChainFileTest {

    @Test
    void aChainReadsWithBranchesDefaultingToNames() {
        ChainFile.Parsed parsed = ChainFile.parse("""
                # deploys
                environments:
                  - name: test
                    branch: master
                  - name: staging
                  - name: production
                    url: https://shop.example.com
                    require-green-checks: true
                """, false);

        assertEquals(List.of(), parsed.problems());
        assertEquals(List.of(new Environment("test", "master", null), new Environment("staging", "staging", null),
                new Environment("production", "production", "https://shop.example.com", true)), parsed.chain());
    }

    @Test
    void everyProblemIsSaidWithWhereItIs() {
        assertProblem("environments: [", "not YAML");
        assertProblem("", "has no list of environments");
        assertProblem("environments: {test: master}", "has no list of environments");
        assertProblem("environments:\n  - master\n  - staging\n", "environments[0]: is not a mapping");
        assertProblem("environments:\n  - name: test\n    brnch: master\n  - name: prod\n", "unknown key 'brnch'");
        assertProblem("environments:\n  - name: test\n  - name: test\n", "environment 'test' appears twice");
        assertProblem("environments:\n  - name: a\n    branch: main\n  - name: b\n    branch: main\n", "branch 'main' is used by two");
        assertProblem("environments:\n  - name: has space\n  - name: b\n", "may hold only letters");
        assertProblem("environments:\n  - name: a\n    url: javascript:alert(1)\n  - name: b\n", "is not an http(s) URL");
        assertProblem("environments:\n  - name: a\n    require-green-checks: yes please\n  - name: b\n", "is true or false");
        assertProblem("environments:\n  - name: a\n    branch: [x]\n  - name: b\n", ".branch: is not text");
        assertProblem("environments:\n  - name: only\n", "one environment is not a promotion chain");
        assertProblem("environments: []\n", "the promotion chain is empty");
    }

    @Test
    void aLargeOrTruncatedFileIsNotParsed() {
        assertTrue(ChainFile.parse("environments: []", true).problems().get(0).contains("larger than 16 KB"));
        String large = "# " + "x".repeat(ChainFile.MAX_BYTES) + "\nenvironments:\n  - name: a\n  - name: b\n";
        assertTrue(ChainFile.parse(large, false).problems().get(0).contains("larger than 16 KB"));
    }

    @Test
    void aliasesCannotBlowUpAndUnknownKeysAreShortened() {
        String bomb = "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                + "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
                + "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
                + "g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]\nenvironments: [*g]\n";
        assertTrue(!ChainFile.parse(bomb, false).problems().isEmpty(), "refused, not expanded");
        String longKey = "k".repeat(500);
        String problem = ChainFile.parse("environments:\n  - name: a\n    " + longKey + ": 1\n  - name: b\n", false).problems().get(0);
        assertTrue(problem.length() < 250, problem);
    }

    private static void assertProblem(String text, String expected) {
        ChainFile.Parsed parsed = ChainFile.parse(text, false);
        assertEquals(List.of(), parsed.chain(), text);
        assertTrue(parsed.problems().stream().anyMatch(problem -> problem.contains(expected)),
                text + " → " + parsed.problems());
        assertTrue(parsed.problems().stream().allMatch(problem -> problem.startsWith(ChainFile.PATH)), parsed.problems().toString());
    }
}
