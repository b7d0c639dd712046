package dev.promenade.github;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Every request Promenade makes as a GitHub App, checked against GitHub's published REST
 * description (the operations it uses, extracted to {@code github-openapi/app-endpoints.json}):
 * the method and path exist, every query parameter sent is one the operation takes, and every field
 * read from the answer is one GitHub describes, of the type Promenade reads it as, and required
 * where Promenade cannot do without it.
 */
class GitHubAppContractTest {

    private final JsonNode operations = described();

    @Test
    void listingInstallationsIsAsGitHubDescribesIt() throws NoSuchMethodException {
        JsonNode operation = operation(GitHubAppApi.class.getMethod("installations", String.class, int.class, int.class));
        assertEquals("200", operation.path("successStatus").asText());
        assertTrue(operation.path("response").path("_array").asBoolean());
        assertRead(operation, "", GitHubAppApi.Installation.class);
        assertEquals("integer", operation.path("response").path("id").asText());
        assertTrue(required(operation).contains("id"));
        assertEquals("string", operation.path("response").path("account.login").asText());
    }

    @Test
    void anInstallationTokenIsAsGitHubDescribesIt() throws NoSuchMethodException {
        JsonNode operation = operation(GitHubAppApi.class.getMethod("accessToken", String.class, long.class));
        assertEquals("201", operation.path("successStatus").asText());
        assertRead(operation, "", GitHubAppApi.AccessToken.class);
        assertTrue(required(operation).containsAll(List.of("token", "expires_at")), "a token always comes with its expiry");
    }

    @Test
    void anInstallationsRepositoriesAreAsGitHubDescribesThem() throws NoSuchMethodException {
        JsonNode operation = operation(GitHubAppApi.class.getMethod("repositories", String.class, int.class, int.class));
        assertEquals("200", operation.path("successStatus").asText());
        assertRead(operation, "", GitHubAppApi.Repositories.class);
        assertRead(operation, "repositories[].", GitHubAppApi.Repository.class);
        assertTrue(required(operation).containsAll(List.of("total_count", "repositories", "repositories[].full_name",
                "repositories[].default_branch", "repositories[].archived")));
    }

    /** The described operation a method of the client sends, its path and query parameters checked. */
    private JsonNode operation(Method method) {
        String verb = method.isAnnotationPresent(GET.class) ? "GET" : method.isAnnotationPresent(POST.class) ? "POST" : "?";
        String path = method.getAnnotation(Path.class).value();
        for (JsonNode operation : operations.path("operations")) {
            if (operation.path("method").asText().equals(verb) && template(operation.path("path").asText()).equals(template(path))) {
                Set<String> described = new HashSet<>();
                operation.path("parameters").forEach(parameter -> described.add(parameter.path("in").asText() + ":"
                        + parameter.path("name").asText()));
                for (Parameter parameter : method.getParameters()) {
                    QueryParam query = parameter.getAnnotation(QueryParam.class);
                    if (query != null) {
                        assertTrue(described.contains("query:" + query.value()), verb + " " + path + " takes no " + query.value());
                    }
                    if (parameter.isAnnotationPresent(PathParam.class)) {
                        assertTrue(described.stream().anyMatch(name -> name.startsWith("path:")), verb + " " + path);
                    }
                }
                return operation;
            }
        }
        throw new AssertionError(verb + " " + path + " is not an operation GitHub describes");
    }

    /** Each field of {@code read} (by its JSON name) is described, of a compatible type. */
    private static void assertRead(JsonNode operation, String prefix, Class<? extends Record> read) {
        for (RecordComponent component : read.getRecordComponents()) {
            // Jackson's annotation is not one of record components: it lands on the accessor (and field, parameter).
            JsonProperty renamed = component.getAccessor().getAnnotation(JsonProperty.class);
            String name = prefix + (renamed == null ? component.getName() : renamed.value());
            String type = operation.path("response").path(name).asText(null);
            assertNotNull(type, name + " is not in GitHub's answer to " + operation.path("operationId").asText());
            assertEquals(jsonType(component.getType()), type, name);
        }
    }

    private static String jsonType(Class<?> type) {
        if (type == long.class || type == int.class || type == Long.class || type == Integer.class) {
            return "integer";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "boolean";
        }
        if (type == String.class || type == Instant.class) {
            return "string";
        }
        return List.class.isAssignableFrom(type) ? "array" : "object";
    }

    private static Set<String> required(JsonNode operation) {
        Set<String> required = new HashSet<>();
        operation.path("requiredResponse").forEach(name -> required.add(name.asText()));
        return required;
    }

    /** A path with its parameters' names left out: {@code /app/installations/{}/access_tokens}. */
    private static String template(String path) {
        return path.replaceAll("\\{[^}]+}", "{}");
    }

    private static JsonNode described() {
        try (InputStream in = GitHubAppContractTest.class.getClassLoader().getResourceAsStream("github-openapi/app-endpoints.json")) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
