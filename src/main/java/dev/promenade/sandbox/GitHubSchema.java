package dev.promenade.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import graphql.ExecutionInput;
import graphql.GraphQLContext;
import graphql.GraphQLError;
import graphql.ParseAndValidate;
import graphql.ParseAndValidateResult;
import graphql.execution.CoercedVariables;
import graphql.language.Argument;
import graphql.language.BooleanValue;
import graphql.language.Document;
import graphql.language.Field;
import graphql.language.FloatValue;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.InlineFragment;
import graphql.language.IntValue;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import graphql.language.StringValue;
import graphql.language.Value;
import graphql.language.VariableReference;
import graphql.schema.Coercing;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLFieldsContainer;
import graphql.schema.GraphQLScalarType;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLType;
import graphql.schema.GraphQLTypeUtil;
import graphql.schema.TypeResolver;
import graphql.schema.idl.FieldWiringEnvironment;
import graphql.schema.idl.InterfaceWiringEnvironment;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.ScalarInfo;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.TypeDefinitionRegistry;
import graphql.schema.idl.UnionWiringEnvironment;
import graphql.schema.idl.WiringFactory;

/**
 * GitHub's published GraphQL schema ({@code github-graphql/schema.graphql}, see its README), made
 * executable against the sandbox, and GitHub's rules that the schema alone does not state:
 * pagination bounds, and what a query costs.
 */
public final class GitHubSchema {

    static final String RESOURCE = "github-graphql/schema.graphql";
    /** The most records GitHub returns from one connection. */
    static final int MAX_PAGE = 100;
    /** The most nodes one query may ask for. */
    static final int MAX_NODES = 500_000;

    private GitHubSchema() {
    }

    /** Parses and builds the schema; about 1.5 s, so done once. Every field is read through {@link SandboxGraph}. */
    public static GraphQLSchema load() {
        TypeDefinitionRegistry registry;
        try (InputStream in = GitHubSchema.class.getClassLoader().getResourceAsStream(RESOURCE);
                Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            registry = new SchemaParser().parse(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        TypeResolver byTypeName = env -> env.getSchema()
                .getObjectType(((SandboxGraph.GraphObject) env.getObject()).typeName());
        RuntimeWiring.Builder wiring = RuntimeWiring.newRuntimeWiring().wiringFactory(new WiringFactory() {
            @Override
            public boolean providesTypeResolver(InterfaceWiringEnvironment environment) {
                return true;
            }

            @Override
            public TypeResolver getTypeResolver(InterfaceWiringEnvironment environment) {
                return byTypeName;
            }

            @Override
            public boolean providesTypeResolver(UnionWiringEnvironment environment) {
                return true;
            }

            @Override
            public TypeResolver getTypeResolver(UnionWiringEnvironment environment) {
                return byTypeName;
            }

            @Override
            public graphql.schema.DataFetcher<?> getDefaultDataFetcher(FieldWiringEnvironment environment) {
                return SandboxGraph::fetch;
            }
        });
        registry.scalars().keySet().stream().filter(name -> !ScalarInfo.isGraphqlSpecifiedScalar(name))
                .forEach(name -> wiring.scalar(passThrough(name)));
        return new SchemaGenerator().makeExecutableSchema(registry, wiring.build());
    }

    /**
     * What GitHub checks before running a query, and what it charges.
     *
     * @param errors       GitHub's errors for connections without {@code first}/{@code last} or asking for
     *                     more than 100 records; the query is not run when there are any
     * @param cost         points, GitHub's way: every connection counts one request per record its
     *                     parents may return, the sum divided by 100, at least 1
     * @param nodes        how many records the query may return at most
     * @param repositories the repositories named by {@code repository(owner:, name:)}, as {@code owner/name}
     * @param gitRead      those of them whose branches the query reads: the expensive part of a query
     */
    public record Analysis(List<Map<String, Object>> errors, int cost, int nodes, Set<String> repositories,
            Set<String> gitRead) {
    }

    public static Analysis analyse(GraphQLSchema schema, Document document, Map<String, Object> variables) {
        Map<String, FragmentDefinition> fragments = new LinkedHashMap<>();
        document.getDefinitionsOfType(FragmentDefinition.class).forEach(fragment -> fragments.put(fragment.getName(), fragment));
        Walk walk = new Walk(schema, fragments, variables);
        document.getDefinitionsOfType(OperationDefinition.class)
                .forEach(operation -> walk.selections(operation.getSelectionSet(), schema.getQueryType(), 1, List.of("query"),
                        null));
        if (walk.errors.isEmpty() && walk.nodes > MAX_NODES) {
            walk.errors.add(error("MAX_NODE_LIMIT_EXCEEDED", List.of(), "This query requests up to " + walk.nodes
                    + " possible nodes which exceeds the maximum limit of " + MAX_NODES + "."));
        }
        int cost = (int) Math.max(1, Math.round(walk.requests / 100.0));
        return new Analysis(walk.errors, cost, (int) Math.min(Integer.MAX_VALUE, walk.nodes), walk.repositories, walk.gitRead);
    }

    /**
     * Walks a query as GitHub counts it: every fragment spread where it is spread, every connection
     * asked once per record its parent connections may return.
     */
    private static final class Walk {
        final GraphQLSchema schema;
        final Map<String, FragmentDefinition> fragments;
        final Map<String, Object> variables;
        final List<Map<String, Object>> errors = new ArrayList<>();
        final Set<String> repositories = new TreeSet<>();
        final Set<String> gitRead = new TreeSet<>();
        long requests;
        long nodes;

        Walk(GraphQLSchema schema, Map<String, FragmentDefinition> fragments, Map<String, Object> variables) {
            this.schema = schema;
            this.fragments = fragments;
            this.variables = variables;
        }

        /**
         * @param multiplier how many times the enclosing selection may be returned
         * @param repository the repository the selection is about, {@code null} above any
         */
        void selections(SelectionSet set, GraphQLType type, long multiplier, List<Object> path, String repository) {
            if (set == null) {
                return;
            }
            for (Selection<?> selection : set.getSelections()) {
                if (selection instanceof Field field) {
                    field(field, type, multiplier, path, repository);
                } else if (selection instanceof InlineFragment inline) {
                    selections(inline.getSelectionSet(), inline.getTypeCondition() == null ? type
                            : schema.getType(inline.getTypeCondition().getName()), multiplier, path, repository);
                } else if (selection instanceof FragmentSpread spread && fragments.containsKey(spread.getName())) {
                    FragmentDefinition fragment = fragments.get(spread.getName());
                    selections(fragment.getSelectionSet(), schema.getType(fragment.getTypeCondition().getName()), multiplier, path,
                            repository);
                }
            }
        }

        private void field(Field field, GraphQLType parent, long multiplier, List<Object> path, String repository) {
            if (!(parent instanceof GraphQLFieldsContainer container) || container.getFieldDefinition(field.getName()) == null) {
                return;
            }
            GraphQLFieldDefinition definition = container.getFieldDefinition(field.getName());
            List<Object> here = new ArrayList<>(path);
            here.add(field.getResultKey());
            String about = repository;
            if (field.getName().equals("repository") && parent == schema.getQueryType()) {
                about = argument(field, "owner") + "/" + argument(field, "name");
                repositories.add(about);
            }
            if (about != null && (field.getName().equals("ref") || field.getName().equals("defaultBranchRef"))) {
                gitRead.add(about);
            }
            GraphQLType type = GraphQLTypeUtil.unwrapAll(definition.getType());
            long size = 1;
            if (((graphql.schema.GraphQLNamedType) type).getName().endsWith("Connection")) {
                Object first = argument(field, "first");
                Object last = argument(field, "last");
                if (first == null && last == null) {
                    errors.add(error("MISSING_PAGINATION_BOUNDARIES", here, "You must provide a `first` or `last`"
                            + " value to properly paginate the `" + field.getName() + "` connection."));
                } else {
                    String bound = first != null ? "first" : "last";
                    size = ((Number) (first != null ? first : last)).longValue();
                    if (size > MAX_PAGE || size < 0) {
                        errors.add(error("EXCESSIVE_PAGINATION", here, "Requesting " + size + " records on the `"
                                + field.getName() + "` connection exceeds the `" + bound + "` limit of " + MAX_PAGE + " records."));
                    }
                    requests += multiplier;
                    nodes += multiplier * size;
                }
            }
            selections(field.getSelectionSet(), type, multiplier * Math.max(1, size), here, about);
        }

        /** An argument's value, given literally or as a variable. */
        private Object argument(Field field, String name) {
            Argument argument = field.getArguments().stream().filter(a -> a.getName().equals(name)).findFirst().orElse(null);
            if (argument == null) {
                return null;
            }
            Value<?> value = argument.getValue();
            if (value instanceof VariableReference variable) {
                return variables.get(variable.getName());
            }
            if (value instanceof IntValue integer) {
                return integer.getValue();
            }
            if (value instanceof StringValue string) {
                return string.getValue();
            }
            return null;
        }
    }

    /**
     * Everything GitHub would refuse in a query before running it: syntax, fields and arguments the
     * schema lacks, pagination bounds. Empty when GitHub would run it.
     */
    public static List<String> problems(GraphQLSchema schema, String query, Map<String, Object> variables) {
        ParseAndValidateResult parsed = ParseAndValidate.parse(ExecutionInput.newExecutionInput().query(query)
                .variables(variables).build());
        if (parsed.isFailure()) {
            return List.of(parsed.getSyntaxException().getMessage());
        }
        List<String> problems = new ArrayList<>(ParseAndValidate.validate(schema, parsed.getDocument()).stream()
                .map(GraphQLError::getMessage).toList());
        if (problems.isEmpty()) {
            analyse(schema, parsed.getDocument(), variables).errors()
                    .forEach(error -> problems.add(error.get("type") + ": " + error.get("message")));
        }
        return problems;
    }

    static Map<String, Object> error(String type, List<Object> path, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("type", type);
        if (!path.isEmpty()) {
            error.put("path", path);
        }
        error.put("message", message);
        return error;
    }

    /** GitHub's own scalars (DateTime, URI, GitObjectID…) travel as the strings they are in JSON. */
    private static GraphQLScalarType passThrough(String name) {
        return GraphQLScalarType.newScalar().name(name).coercing(new Coercing<Object, Object>() {
            @Override
            public Object serialize(Object value, GraphQLContext context, Locale locale) {
                return value;
            }

            @Override
            public Object parseValue(Object input, GraphQLContext context, Locale locale) {
                return input;
            }

            @Override
            public Object parseLiteral(Value<?> input, CoercedVariables variables, GraphQLContext context, Locale locale) {
                if (input instanceof StringValue string) {
                    return string.getValue();
                }
                if (input instanceof IntValue integer) {
                    return integer.getValue();
                }
                if (input instanceof FloatValue decimal) {
                    return decimal.getValue();
                }
                if (input instanceof BooleanValue bool) {
                    return bool.isValue();
                }
                return null;
            }
        }).build();
    }
}
