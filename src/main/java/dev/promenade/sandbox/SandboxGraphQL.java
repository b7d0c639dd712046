package dev.promenade.sandbox;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.promenade.config.PromenadeConfig;
import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.GraphQLError;
import graphql.ParseAndValidate;
import graphql.ParseAndValidateResult;
import graphql.execution.preparsed.PreparsedDocumentEntry;
import graphql.language.Document;
import graphql.schema.GraphQLSchema;
import graphql.validation.ValidationError;
import io.quarkus.runtime.StartupEvent;
import io.vertx.ext.web.RoutingContext;
import io.quarkus.arc.properties.IfBuildProperty;

/**
 * {@code POST /sandbox/api/graphql}: GitHub's GraphQL API over the sandbox's repositories, with
 * GitHub's schema, its checks (pagination bounds, node limit), its cost and rate limit, and its
 * error shapes (a repository the viewer may not read is {@code null} with a {@code NOT_FOUND}
 * error while the other aliases carry data).
 */
@ApplicationScoped
@IfBuildProperty(name = Sandbox.INCLUDED, stringValue = "true")
class SandboxGraphQL {

    private static final Logger LOG = Logger.getLogger(SandboxGraphQL.class);

    @Inject
    PromenadeConfig config;

    @Inject
    SandboxWorld world;

    @Inject
    SandboxFaults faults;

    @Inject
    SandboxLimits limits;

    @Inject
    ObjectMapper mapper;

    /** Building GitHub's schema takes a second or two: done beside the start, awaited by the first query. */
    private volatile CompletableFuture<GraphQL> engine;

    void build(@Observes StartupEvent started) {
        if (config.sandbox().enabled()) {
            // Queries are parsed and validated once, before their pagination bounds and cost are checked.
            engine = CompletableFuture.supplyAsync(() -> GraphQL.newGraphQL(GitHubSchema.load())
                    .preparsedDocumentProvider((input, parse) -> CompletableFuture.completedFuture(
                            input.getGraphQLContext().hasKey(Document.class)
                                    ? new PreparsedDocumentEntry(input.getGraphQLContext().<Document>get(Document.class))
                                    : parse.apply(input)))
                    .build());
        }
    }

    void query(RoutingContext context) {
        String authorization = context.request().getHeader("Authorization");
        Optional<DemoUser> viewer = world.userFor(authorization);
        if (viewer.isEmpty()) {
            send(context, 401, Map.of("message", authorization == null ? "This endpoint requires you to be authenticated."
                    : "Bad credentials", "documentation_url", "https://docs.github.com/graphql"), null);
            return;
        }
        Map<String, Object> request;
        try {
            request = mapper.readValue(context.body().asString(), Map.class);
        } catch (JsonProcessingException | RuntimeException e) {
            send(context, 400, Map.of("message", "Problems parsing JSON", "documentation_url", "https://docs.github.com/graphql"),
                    null);
            return;
        }
        GraphQL graphQL = engine.join();
        GraphQLSchema schema = graphQL.getGraphQLSchema();
        @SuppressWarnings("unchecked")
        Map<String, Object> variables = request.get("variables") instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
        ExecutionInput.Builder input = ExecutionInput.newExecutionInput().query(String.valueOf(request.get("query")))
                .variables(variables);
        if (request.get("operationName") instanceof String operation) {
            input.operationName(operation);
        }
        ParseAndValidateResult parsed = ParseAndValidate.parse(input.build());
        if (parsed.isFailure()) {
            send(context, 200, Map.of("errors", List.of(parsed.getSyntaxException().toInvalidSyntaxError().toSpecification())),
                    null);
            return;
        }
        List<ValidationError> invalid = ParseAndValidate.validate(schema, parsed.getDocument());
        if (!invalid.isEmpty()) {
            send(context, 200, Map.of("errors", invalid.stream().map(GraphQLError::toSpecification).toList()), null);
            return;
        }
        GitHubSchema.Analysis analysis = GitHubSchema.analyse(schema, parsed.getDocument(), variables);
        if (!analysis.errors().isEmpty()) {
            send(context, 200, Map.of("errors", analysis.errors()), null);
            return;
        }

        Set<String> broken = new HashSet<>();
        for (String repository : analysis.repositories()) {
            Optional<SandboxFaults.Fault> fault = faults.peek(repository);
            if (fault.isEmpty()) {
                continue;
            }
            if (fault.get().rateLimitReset() != null) {
                rateLimited(context, viewer.get(), limits.peek(viewer.get().login(), "graphql")
                        .exhaustedUntil(fault.get().rateLimitReset()));
                return;
            }
            boolean slow = fault.get().release() != null || fault.get().status() == 502 || fault.get().status() == 504;
            if (slow && analysis.gitRead().contains(repository)) {
                // Reading branches is the expensive part: a repository GitHub is slow with holds the whole query up.
                fault = faults.apply(repository);
                if (fault.isPresent()) {
                    Map<String, Object> timedOut = new LinkedHashMap<>();
                    timedOut.put("data", null);
                    timedOut.put("errors", List.of(Map.of("message", "We couldn't respond to your request in time. Sorry"
                            + " about that. Please try resubmitting your request and contact us if the problem persists.")));
                    send(context, fault.get().status(), timedOut, null);
                    return;
                }
            } else if (!slow) {
                broken.add(repository.toLowerCase(Locale.ROOT));
            }
        }

        SandboxLimits.Usage usage = limits.chargeGraphQL(viewer.get().login(), analysis.cost());
        if (usage.exceeded()) {
            rateLimited(context, viewer.get(), usage);
            return;
        }
        SandboxGraph.Request query = new SandboxGraph.Request(world, viewer.get(), broken, analysis.cost(), usage,
                analysis.nodes());
        ExecutionResult result = graphQL.execute(input.root(new SandboxGraph.Root(query))
                .graphQLContext(Map.of(Document.class, parsed.getDocument())).build());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("data", result.getData());
        if (!result.getErrors().isEmpty()) {
            body.put("errors", result.getErrors().stream().map(SandboxGraphQL::asGitHub).toList());
        }
        send(context, 200, body, usage);
    }

    /** GitHub's error: its {@code type} beside the message, path and locations. */
    private static Map<String, Object> asGitHub(GraphQLError error) {
        Map<String, Object> json = new LinkedHashMap<>();
        if (error instanceof SandboxGraph.GitHubError github && github.type() != null) {
            json.put("type", github.type());
        }
        if (error.getPath() != null) {
            json.put("path", error.getPath());
        }
        if (error.getLocations() != null) {
            json.put("locations", error.getLocations().stream()
                    .map(location -> Map.of("line", location.getLine(), "column", location.getColumn())).toList());
        }
        json.put("message", error.getMessage());
        if (!(error instanceof SandboxGraph.GitHubError)) {
            LOG.debugf("Sandbox GraphQL error: %s", error.getMessage());
        }
        return json;
    }

    /** GitHub answers an exhausted GraphQL budget with 200 and an error of type RATE_LIMITED. */
    private void rateLimited(RoutingContext context, DemoUser viewer, SandboxLimits.Usage usage) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("type", "RATE_LIMITED");
        error.put("code", "graphql_rate_limit");
        error.put("message", "API rate limit already exceeded for user ID " + viewer.id() + ".");
        send(context, 200, Map.of("errors", List.of(error)), usage);
    }

    private void send(RoutingContext context, int status, Map<String, Object> body, SandboxLimits.Usage usage) {
        if (usage != null) {
            usage.writeTo(context.response());
        }
        try {
            context.response().setStatusCode(status).putHeader("Content-Type", "application/json; charset=utf-8")
                    .end(mapper.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            context.fail(e);
        }
    }
}
