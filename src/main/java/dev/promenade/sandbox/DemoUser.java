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

    /** The sandbox's GitHub App, as its installation tokens read: installed on every repository. */
    static final DemoUser APP = new DemoUser(5000001, "promenade-sandbox[bot]", "promenade-sandbox[bot]",
            "5000001+promenade-sandbox[bot]@users.noreply.github.com", "GitHub App installed on every repository", "Bot");

    /** More of the team, so that many people can sign in at once (the benchmark does). */
    static final List<DemoUser> TEAM = List.of("dave", "erin", "frank", "grace", "heidi", "ivan", "judy").stream()
            .map(login -> new DemoUser(1100 + login.charAt(0), login, Character.toUpperCase(login.charAt(0)) + login.substring(1),
                    login + "@acme.example", "developer: push access to public repositories", "User"))
            .toList();

    /** Those one can sign in as, in the order the sign-in page lists them. */
    static final List<DemoUser> SIGN_IN = java.util.stream.Stream.concat(java.util.stream.Stream.of(ALICE, BOB, CAROL),
            TEAM.stream()).toList();

    private static final List<DemoUser> ALL = java.util.stream.Stream.concat(SIGN_IN.stream(),
            java.util.stream.Stream.of(DEPENDABOT)).toList();

    static Optional<DemoUser> byLogin(String login) {
        return ALL.stream().filter(user -> user.login().equals(login)).findFirst();
    }

    /** GitHub links a commit to an account by the author's e-mail; unknown e-mails have no account. */
    static Optional<DemoUser> byEmail(String email) {
        return ALL.stream().filter(user -> user.email().equalsIgnoreCase(email)).findFirst();
    }
}
