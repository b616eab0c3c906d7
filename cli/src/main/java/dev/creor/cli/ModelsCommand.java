package dev.creor.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.creor.core.catalog.ModelInfo;
import dev.creor.runtime.Creor;
import java.math.BigDecimal;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code creor models}: the models the providers offer and the config allows. */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = {"List the models of every enabled provider, as its whitelist and blacklist allow.",
            "Columns: id (as --model takes it), context window, most output tokens, and US dollars per million "
                + "input and output tokens."})
final class ModelsCommand implements Callable<Integer> {
    private final CliContext context;

    @Option(names = "--provider", paramLabel = "P", description = "Only this provider's models.")
    private String provider;

    @Option(names = "--search", paramLabel = "TEXT", description = "Only models whose id or name contains TEXT (any case).")
    private String search;

    @Option(names = "--refresh", description = "Fetch the lists anew instead of using the cached ones.")
    private boolean refresh;

    @Option(names = "--json", description = "Print one JSON object per model.")
    private boolean json;

    ModelsCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        try (Creor creor = CliRuntime.creor(context)) {
            List<ModelInfo> models = (provider == null ? creor.models(refresh) : creor.models(provider, refresh))
                    .toCompletableFuture().get()
                    .stream()
                    .filter(this::matches)
                    .sorted(Comparator.comparing(model -> model.ref().toString()))
                    .toList();
            if (json) {
                models.forEach(model -> context.out().println(Json.line(toJson(model))));
            } else if (models.isEmpty()) {
                context.err().println("creor: no model matches" + (search == null ? "" : " \"" + search + "\""));
            } else {
                Table table = new Table("ID", "CONTEXT", "MAX OUTPUT", "$/M INPUT", "$/M OUTPUT").rightAligned(1, 2, 3, 4);
                for (ModelInfo model : models) {
                    table.row(model.ref().toString(), count(model.contextLength()), count(model.maxOutputTokens()),
                            price(model.inputPricePerMillion()), price(model.outputPricePerMillion()));
                }
                table.print(context.out());
            }
            context.out().flush();
            return ExitCodes.OK;
        }
    }

    private boolean matches(ModelInfo model) {
        if (search == null) {
            return true;
        }
        String needle = search.toLowerCase(Locale.ROOT);
        return model.ref().toString().toLowerCase(Locale.ROOT).contains(needle)
                || model.name().toLowerCase(Locale.ROOT).contains(needle);
    }

    static String count(OptionalLong tokens) {
        return tokens.isPresent() ? String.format(Locale.ROOT, "%,d", tokens.getAsLong()) : "-";
    }

    static String price(Optional<BigDecimal> price) {
        return price.map(value -> value.stripTrailingZeros().toPlainString()).orElse("-");
    }

    private static ObjectNode toJson(ModelInfo model) {
        ObjectNode node = Json.object().put("id", model.ref().toString()).put("provider", model.ref().provider())
                .put("model", model.ref().model()).put("name", model.name());
        model.contextLength().ifPresent(value -> node.put("contextLength", value));
        model.maxOutputTokens().ifPresent(value -> node.put("maxOutputTokens", value));
        model.inputPricePerMillion().ifPresent(value -> node.put("inputPricePerMillion", value));
        model.outputPricePerMillion().ifPresent(value -> node.put("outputPricePerMillion", value));
        ArrayNode parameters = node.putArray("supportedParameters");
        model.supportedParameters().stream().sorted().forEach(parameters::add);
        return node;
    }
}
