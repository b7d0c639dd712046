package dev.promenade.sandbox;

import java.util.List;
import java.util.Optional;

/** A person the sandbox knows: a demo user one can sign in as, or a commit author. */
record DemoUser(long id, String login, String name, String email, String role, String type) {

    static final DemoUser ALICE = new DemoUser(1001, "alice", "Alice Archer", "alice@acme.example",
            "maintainer: push access to every repository, including the private acme/ledger", "User");
    static final DemoUser BOB = new DemoUser(1002, "bob", "Bob Baker", "bob@acme.example",
            "read-only: can see public repositories, cannot promote", "User");
    static final DemoUser CAROL = new DemoUser(1003, "carol", "Carol Chen", "carol@acme.example",
            "developer: push access to public repositories, no access to acme/ledger", "User");
    static final DemoUser DEPENDABOT = new DemoUser(49699333, "dependabot[bot]", "dependabot[bot]",
            "49699333+dependabot[bot]@users.noreply.github.com", "bot", "Bot");

    /** Those one can sign in as, in the order the sign-in page lists them. */
    static final List<DemoUser> SIGN_IN = List.of(ALICE, BOB, CAROL);

    private static final List<DemoUser> ALL = List.of(ALICE, BOB, CAROL, DEPENDABOT);

    static Optional<DemoUser> byLogin(String login) {
        return ALL.stream().filter(user -> user.login().equals(login)).findFirst();
    }

    /** GitHub links a commit to an account by the author's e-mail; unknown e-mails have no account. */
    static Optional<DemoUser> byEmail(String email) {
        return ALL.stream().filter(user -> user.email().equalsIgnoreCase(email)).findFirst();
    }
}
