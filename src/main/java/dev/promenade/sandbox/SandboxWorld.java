package dev.promenade.sandbox;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.jgit.revwalk.RevCommit;
import org.jboss.logging.Logger;

import dev.promenade.config.PromenadeConfig;
import dev.promenade.pipeline.Catalog;
import dev.promenade.pipeline.RepositoryName;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.arc.properties.IfBuildProperty;

/** The sandbox's state: its repositories, and the OAuth codes and tokens it hands out. */
@ApplicationScoped
@IfBuildProperty(name = Sandbox.INCLUDED, stringValue = "true")
public class SandboxWorld {

    private static final Logger LOG = Logger.getLogger(SandboxWorld.class);
    private static final String TOKEN_PREFIX = "gho_sandbox_";
    private static final String APP_TOKEN_PREFIX = "ghu_sandbox_";
    private static final String REFRESH_TOKEN_PREFIX = "ghr_sandbox_";

    @Inject
    PromenadeConfig config;

    @Inject
    Clock clock;

    @Inject
    Catalog catalog;

    private final Map<String, SandboxRepository> repositories = new ConcurrentHashMap<>();
    /** Codes not redeemed yet: who they are for, and the PKCE challenge they were asked with ("": none). */
    private final Map<String, Grant> codes = new ConcurrentHashMap<>();
    private final Set<String> revoked = ConcurrentHashMap.newKeySet();
    private final Set<String> revokedLogins = ConcurrentHashMap.newKeySet();
    private final Map<String, Integer> revocations = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong refusedRequests = new java.util.concurrent.atomic.AtomicLong();
    private final Map<String, Instant> installationTokens = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong installationTokensIssued = new java.util.concurrent.atomic.AtomicLong();
    private final java.security.SecureRandom random = new java.security.SecureRandom();
    /** The grants of App user tokens that were refreshed: their tokens no longer work. */
    private final Set<String> retiredGrants = ConcurrentHashMap.newKeySet();
    private final Set<String> refusedRefreshes = ConcurrentHashMap.newKeySet();
    private final java.util.concurrent.atomic.AtomicLong refreshes = new java.util.concurrent.atomic.AtomicLong();
    /** Repositories taken out of the App's installation, by lower-case full name. */
    private final Set<String> uninstalled = ConcurrentHashMap.newKeySet();

    @Inject
    SandboxWebhooks webhooks;

    void plant(@Observes StartupEvent started) {
        if (!config.sandbox().enabled()) {
            return;
        }
        SandboxSeed.plant(this, clock.instant(), catalog);
        LOG.warnf("Sandbox enabled: Promenade is NOT connected to GitHub. It serves a GitHub stand-in at %s "
                + "with demo repositories; sign in as alice, bob or carol.", config.github().webUrl());
    }

    /** Forgets every change (pushes, pull requests, merges) and starts again from the seeded history. */
    public void reset() {
        repositories.clear();
        uninstalled.clear();
        SandboxSeed.plant(this, clock.instant(), catalog);
    }

    /** The open pull requests of a repository, as {@code head → base #number}, for tests and the demo. */
    public List<String> openPullRequests(String repository) {
        return repository(repository).map(repo -> repo.pulls().stream().filter(SandboxPull::isOpen)
                .map(pull -> pull.head + " → " + pull.base + " #" + pull.number).toList()).orElse(List.of());
    }

    /** A pull request's title, body and author, as GitHub holds them. */
    public Optional<PullRequestRecord> pullRequest(String repository, int number) {
        return repository(repository).flatMap(repo -> repo.pull(number))
                .map(pull -> new PullRequestRecord(pull.number, pull.title, pull.body, pull.author, pull.base, pull.head,
                        pull.state, pull.mergedAt != null));
    }

    /** A sandbox pull request as tests inspect it. */
    public record PullRequestRecord(int number, String title, String body, String author, String base, String head,
            String state, boolean merged) {
    }

    /** Opens a pull request directly on the sandbox's GitHub, as someone elsewhere would: returns its number. */
    public int openPullRequest(String repository, String base, String head, String title, String login) {
        return repository(repository).orElseThrow().openPull(title, "", login, base, head, clock.instant()).number;
    }

    /** Merges an open pull request as {@code login} would with GitHub's button. */
    public boolean merge(String repository, int number, String login) {
        return repository(repository).map(repo -> repo.mergePull(number, DemoUser.byLogin(login).orElseThrow(),
                clock.instant())).orElse(false);
    }

    /** Squashes an open pull request into one commit, as {@code login} would with GitHub's "Squash and merge". */
    public boolean squash(String repository, int number, String login) {
        return repository(repository).map(repo -> repo.mergePull(number, DemoUser.byLogin(login).orElseThrow(),
                clock.instant(), true)).orElse(false);
    }

    /**
     * Makes a generated history a repository of the sandbox, in place of one of the same name (until
     * {@link #reset()}): years of promotions to try Promenade on.
     */
    public void plant(String repository, GeneratedHistory history, String defaultBranch) {
        add(SandboxSeed.fromHistory(RepositoryName.parse(repository).orElseThrow(), history, defaultBranch));
    }

    void add(SandboxRepository repository) {
        repositories.put(key(repository.owner(), repository.name()), repository);
    }

    Optional<SandboxRepository> repository(String owner, String name) {
        return Optional.ofNullable(repositories.get(key(owner, name)));
    }

    /** The SHA a branch of a sandbox repository points to. */
    public Optional<String> headOf(String repository, String branch) {
        return repository(repository).flatMap(repo -> repo.branchHead(branch)).map(RevCommit::name);
    }

    /** Pushes a new commit to a branch, as a developer would: returns its SHA. */
    public String push(String repository, String branch, String login, String message) {
        SandboxRepository repo = repository(repository).orElseThrow();
        DemoUser author = DemoUser.byLogin(login).orElseThrow();
        return repo.commit(branch, author, clock.instant(), message).name();
    }

    /** Pushes a commit with any author name and e-mail (Git takes whatever it is given): returns its SHA. */
    public String pushAs(String repository, String branch, String authorName, String authorEmail, String message) {
        return repository(repository).orElseThrow().commit(branch, authorName, authorEmail, clock.instant(), message).name();
    }

    /**
     * Commits a file (added or replaced) to a branch, as a developer's push would, and delivers the
     * push as GitHub does, naming the files it touched: returns the commit's SHA.
     */
    public String pushFile(String repository, String branch, String login, String message, String path, String content) {
        SandboxRepository repo = repository(repository).orElseThrow();
        DemoUser author = DemoUser.byLogin(login).orElseThrow();
        String before = repo.branchHead(branch).map(RevCommit::name).orElse("0".repeat(40));
        String after = repo.commit(branch, author.name(), author.email(), clock.instant(), message, path,
                content.getBytes(StandardCharsets.UTF_8)).name();
        webhooks.pushed(repo, branch, before, after, List.of(path));
        return after;
    }

    /** The repositories the sandbox's App is installed on: every one, but those taken out of its installation. */
    List<SandboxRepository> installed() {
        return repositories.values().stream().filter(repo -> !uninstalled.contains(key(repo.owner(), repo.name())))
                .sorted(java.util.Comparator.comparing(SandboxRepository::fullName)).toList();
    }

    /** How many repositories the App is installed on (asked for every request's budget: counted, not listed). */
    int installedCount() {
        return repositories.size() - uninstalled.size();
    }

    /** Takes a repository out of the App's installation (or puts it back), and tells the App as GitHub does. */
    public void install(String repository, boolean installed) {
        SandboxRepository repo = repository(repository).orElseThrow();
        boolean changed = installed ? uninstalled.remove(key(repo.owner(), repo.name())) : uninstalled.add(key(repo.owner(), repo.name()));
        if (changed) {
            webhooks.installationRepositories(repo, installed);
        }
    }

    /** Force-moves a branch, as {@code git push --force} would. */
    public void resetBranch(String repository, String branch, String sha) {
        SandboxRepository repo = repository(repository).orElseThrow();
        repo.move(branch, repo.resolve(sha).orElseThrow());
    }

    /** All commits of {@code git log base..head}, oldest first. */
    public List<String> log(String repository, String base, String head) {
        SandboxRepository repo = repository(repository).orElseThrow();
        return repo.only(repo.resolve(head).orElseThrow(), repo.resolve(base).orElseThrow()).stream()
                .map(RevCommit::name).toList();
    }

    private Optional<SandboxRepository> repository(String fullName) {
        int slash = fullName.indexOf('/');
        return repository(fullName.substring(0, slash), fullName.substring(slash + 1));
    }

    /** A single-use authorization code for the user who picked their account on the sign-in page. */
    record Grant(String login, String challenge) {
    }

    /** @param challenge the S256 PKCE challenge of the authorization request; {@code null}: none */
    String issueCode(DemoUser user, String challenge) {
        String code = UUID.randomUUID().toString().replace("-", "");
        codes.put(code, new Grant(user.login(), challenge == null ? "" : challenge));
        return code;
    }

    /**
     * The user a code was issued for, once: GitHub spends a code on its first exchange, even one
     * whose PKCE verifier does not match its challenge.
     */
    Optional<DemoUser> redeem(String code, String verifier) {
        Grant grant = code == null ? null : codes.remove(code);
        if (grant == null || !grant.challenge().isEmpty() && !grant.challenge().equals(SandboxOAuth.s256(verifier))) {
            return Optional.empty();
        }
        return DemoUser.byLogin(grant.login());
    }

    /**
     * A new token per grant, as GitHub gives: signed rather than stored, so sessions survive a
     * restart in dev mode. {@code gho_sandbox_<login>_<nonce>_<signature>} (logins have no {@code _}).
     */
    String tokenFor(DemoUser user) {
        String grant = user.login() + "_" + Long.toHexString(random.nextLong());
        return TOKEN_PREFIX + grant + "_" + signature(grant);
    }

    /**
     * A GitHub App's user tokens, as GitHub issues them when their expiry is on: an access token
     * ({@code ghu_}) for {@code promenade.sandbox.user-token-lifetime} (8 hours) and a refresh token
     * ({@code ghr_}). Both carry the same grant; refreshing retires it, so that the old access and
     * refresh tokens stop working, as GitHub's do.
     */
    record UserTokens(String access, long expiresIn, String refresh) {
    }

    UserTokens appTokensFor(DemoUser user) {
        String grant = Long.toHexString(random.nextLong());
        long expires = clock.instant().plus(config.sandbox().userTokenLifetime()).getEpochSecond();
        String access = user.login() + "_" + expires + "_" + grant;
        String refresh = user.login() + "_" + grant;
        return new UserTokens(APP_TOKEN_PREFIX + access + "_" + signature(access), config.sandbox().userTokenLifetime().toSeconds(),
                REFRESH_TOKEN_PREFIX + refresh + "_" + signature("refresh " + refresh));
    }

    /** New tokens for a refresh token not used before, of a user who still authorizes the App; the old ones stop working. */
    Optional<UserTokens> refresh(String refreshToken) {
        // login_grant
        Optional<String[]> parts = signedGrant(refreshToken, REFRESH_TOKEN_PREFIX, "refresh ").map(grant -> grant.split("_"));
        if (parts.isEmpty() || parts.get().length != 2 || revokedLogins.contains(parts.get()[0])
                || refusedRefreshes.contains(parts.get()[0]) || !retiredGrants.add(parts.get()[1])) {
            return Optional.empty();
        }
        refreshes.incrementAndGet();
        return DemoUser.byLogin(parts.get()[0]).map(this::appTokensFor);
    }

    /** How many user tokens were refreshed so far. */
    public long refreshes() {
        return refreshes.get();
    }

    /** GitHub no longer takes the user's refresh tokens (they expired, or were revoked): their next refresh is refused. */
    public void refuseRefreshesOf(String login) {
        refusedRefreshes.add(login);
    }

    /** The user a {@code Authorization: Bearer} header authenticates, if the token is valid. */
    Optional<DemoUser> userFor(String authorization) {
        if (authorization == null) {
            return Optional.empty();
        }
        Optional<DemoUser> user = authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? userOfToken(authorization.substring(7).strip()) : Optional.empty();
        if (user.isEmpty()) {
            refusedRequests.incrementAndGet();
        }
        return user;
    }

    /** How many API requests were answered "Bad credentials" (401) so far. */
    public long refusedRequests() {
        return refusedRequests.get();
    }

    /** An installation access token of the sandbox's App, valid an hour, as GitHub's. */
    Instant issueInstallationToken(String token) {
        Instant expires = clock.instant().plus(java.time.Duration.ofHours(1));
        installationTokens.put(token, expires);
        installationTokensIssued.incrementAndGet();
        return expires;
    }

    /** How many installation tokens the sandbox issued so far. */
    public long installationTokensIssued() {
        return installationTokensIssued.get();
    }

    Optional<DemoUser> userOfToken(String token) {
        Instant expires = token == null ? null : installationTokens.get(token);
        if (expires != null) {
            return clock.instant().isBefore(expires) ? Optional.of(DemoUser.APP) : Optional.empty();
        }
        if (token != null && token.startsWith(APP_TOKEN_PREFIX)) {
            return appUserOf(token);
        }
        if (token == null || revoked.contains(token)) {
            return Optional.empty();
        }
        // login_nonce
        return signedGrant(token, TOKEN_PREFIX, "").map(grant -> grant.split("_")).filter(parts -> parts.length == 2)
                .map(parts -> parts[0]).filter(login -> !revokedLogins.contains(login)).flatMap(DemoUser::byLogin);
    }
    /** The user of an App's user token ({@code login_expires_grant}) while it has not expired nor been refreshed. */
    private Optional<DemoUser> appUserOf(String token) {
        Optional<String[]> parts = signedGrant(token, APP_TOKEN_PREFIX, "").map(grant -> grant.split("_"));
        if (parts.isEmpty() || parts.get().length != 3 || revoked.contains(token) || revokedLogins.contains(parts.get()[0])
                || retiredGrants.contains(parts.get()[2]) || !parts.get()[1].matches("\\d{1,12}")
                || clock.instant().getEpochSecond() >= Long.parseLong(parts.get()[1])) {
            return Optional.empty();
        }
        return DemoUser.byLogin(parts.get()[0]);
    }

    /** What a token of the sandbox's ({@code PREFIX grant _signature}) grants, when its signature holds. */
    private Optional<String> signedGrant(String token, String prefix, String purpose) {
        if (token == null || !token.startsWith(prefix)) {
            return Optional.empty();
        }
        String rest = token.substring(prefix.length());
        int separator = rest.lastIndexOf('_');
        if (separator <= 0) {
            return Optional.empty();
        }
        String grant = rest.substring(0, separator);
        return MessageDigest.isEqual(signature(purpose + grant).getBytes(StandardCharsets.UTF_8),
                rest.substring(separator + 1).getBytes(StandardCharsets.UTF_8)) ? Optional.of(grant) : Optional.empty();
    }

    /** Removes a collaborator from a repository (until {@link #reset()}): of a private one, they no longer read it. */
    public void removeCollaborator(String repository, String login) {
        repository(repository).orElseThrow().remove(login);
    }

    /** Makes GitHub forget every token of a user, as when they revoke the OAuth App. */
    public void revokeTokenOf(String login) {
        revokedLogins.add(login);
    }

    /** {@code DELETE /applications/{client_id}/token}: this token only. */
    boolean revoke(String token) {
        Optional<DemoUser> user = userOfToken(token);
        user.ifPresent(owner -> revocations.merge(owner.login(), 1, Integer::sum));
        return user.isPresent() && revoked.add(token);
    }

    /** How many of the user's tokens were revoked through the API. */
    public int revocationsOf(String login) {
        return revocations.getOrDefault(login, 0);
    }

    public void restoreTokens() {
        refusedRefreshes.clear();
        revoked.clear();
        revokedLogins.clear();
        revocations.clear();
    }

    /** Whether the sandbox plays GitHub for a GitHub App: Promenade is configured as one. */
    boolean appMode() {
        return dev.promenade.config.Configuration.appMode(config);
    }

    boolean clientMatches(String clientId, String clientSecret) {
        return config.github().clientId().equals(clientId)
                && (clientSecret == null || config.github().clientSecret().equals(clientSecret));
    }

    String apiUrl() {
        return config.github().apiUrl().toString().replaceAll("/+$", "");
    }

    String webUrl() {
        return config.github().webUrl().toString().replaceAll("/+$", "");
    }

    private String signature(String login) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(config.github().clientSecret().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(login.getBytes(StandardCharsets.UTF_8))).substring(0, 24);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String key(String owner, String name) {
        return (owner + "/" + name).toLowerCase(Locale.ROOT);
    }
}
