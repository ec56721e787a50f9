package io.castellan.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import io.castellan.platform.FieldError;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the fields of one object of a manifest (the top level or a block such as {@code budget}),
 * recording every invalid one, with its full path, instead of stopping at the first.
 */
final class Fields {

    private static final Pattern DURATION = Pattern.compile("(\\d{1,7})(ms|s|m|h)");
    private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    private final JsonNode node;
    private final String prefix;
    private final List<FieldError> errors;
    private final UnaryOperator<String> environment;

    Fields(JsonNode node, String prefix, List<FieldError> errors, UnaryOperator<String> environment) {
        this.node = node;
        this.prefix = prefix;
        this.errors = errors;
        this.environment = environment;
    }

    /** The block under a field as Fields of its own; null when it is absent or (recorded) not an object. */
    Fields block(String name, Set<String> known) {
        JsonNode child = get(name);
        if (child == null) {
            return null;
        }
        if (!child.isObject()) {
            error(name, "must be an object");
            return null;
        }
        Fields block = new Fields(child, path(name) + ".", errors, environment);
        block.onlyKnown(known);
        return block;
    }

    /** Item {@code index} of the list under a field, as Fields of its own (its errors named {@code name[index].x}). */
    Fields item(String name, int index) {
        return new Fields(get(name).get(index), path(name) + "[" + index + "].", errors, environment);
    }

    /** The object under a field, whatever its keys; null when it is absent or (recorded) not an object. */
    Fields object(String name, String shape) {
        JsonNode child = get(name);
        if (child == null) {
            return null;
        }
        if (!child.isObject()) {
            error(name, shape);
            return null;
        }
        return new Fields(child, path(name) + ".", errors, environment);
    }

    /** The names of this object's fields, in order. */
    List<String> names() {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** Records every field of this object that is not one of the known ones. */
    void onlyKnown(Set<String> known) {
        node.fieldNames().forEachRemaining(f -> {
            if (!known.contains(f)) {
                error(f, "is not a known field here (" + String.join(", ", known.stream().sorted().toList()) + ")");
            }
        });
    }

    /** The field's value, or null when it is absent or null. */
    JsonNode get(String name) {
        JsonNode value = node.get(name);
        return value == null || value.isNull() ? null : value;
    }

    boolean has(String name) {
        return get(name) != null;
    }

    String path(String name) {
        return prefix + name;
    }

    void error(String name, String reason) {
        errors.add(new FieldError(path(name), reason));
    }

    String text(String name, boolean required) {
        JsonNode value = get(name);
        if (value == null) {
            if (required) {
                error(name, "is required");
            }
            return null;
        }
        if (!value.isTextual()) {
            error(name, "must be text");
            return null;
        }
        return value.asText();
    }

    int integer(String name, int fallback, int min, int max) {
        Integer value = optionalInteger(name, min, max);
        return value == null ? fallback : value;
    }

    Integer optionalInteger(String name, int min, int max) {
        JsonNode value = get(name);
        if (value == null) {
            return null;
        }
        if (!value.isInt() || value.asInt() < min || value.asInt() > max) {
            error(name, "must be a whole number from " + min + " to " + max);
            return null;
        }
        return value.asInt();
    }

    /** An exact decimal (read as written, never through a double) of at least min. */
    BigDecimal decimal(String name, BigDecimal min, String shape) {
        JsonNode value = get(name);
        if (value == null) {
            return null;
        }
        if (!value.isNumber() || value.decimalValue().compareTo(min) < 0) {
            error(name, shape);
            return null;
        }
        return value.decimalValue();
    }

    /** An object of names to exact decimals of 0 or more, such as a price list; empty when absent. */
    Map<String, BigDecimal> amounts(String name, String shape) {
        JsonNode value = get(name);
        Map<String, BigDecimal> amounts = new LinkedHashMap<>();
        if (value == null) {
            return amounts;
        }
        if (!value.isObject()) {
            error(name, "must be an object of names to amounts");
            return amounts;
        }
        Fields entries = new Fields(value, path(name) + ".", errors, environment);
        value.fieldNames().forEachRemaining(key -> {
            BigDecimal amount = entries.decimal(key, BigDecimal.ZERO, shape);
            if (amount != null) {
                amounts.put(key, amount);
            }
        });
        return amounts;
    }

    /** A fraction from 0 (exclusive) to 1 (inclusive). */
    Double fraction(String name, double fallback) {
        JsonNode value = get(name);
        if (value == null) {
            return fallback;
        }
        if (!value.isNumber() || value.asDouble() <= 0 || value.asDouble() > 1) {
            error(name, "must be a number above 0 and at most 1");
            return fallback;
        }
        return value.asDouble();
    }

    Duration duration(String name, Duration fallback) {
        JsonNode value = get(name);
        if (value == null) {
            return fallback;
        }
        Matcher m = DURATION.matcher(value.asText(""));
        if (!value.isTextual() || !m.matches() || Long.parseLong(m.group(1)) == 0) {
            error(name, "must be a duration such as 500ms, 60s, 2m or 1h");
            return fallback;
        }
        long amount = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
        };
    }

    /** A lower-case name of one of the enum's constants, or the fallback when absent. */
    <E extends Enum<E>> E choice(String name, Class<E> type, E fallback) {
        String value = text(name, false);
        if (value == null) {
            return fallback;
        }
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            List<String> names = Arrays.stream(type.getEnumConstants()).map(c -> c.name().toLowerCase(Locale.ROOT)).toList();
            error(name, "must be " + String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1));
            return fallback;
        }
    }

    boolean bool(String name, boolean fallback) {
        JsonNode value = get(name);
        if (value == null) {
            return fallback;
        }
        if (!value.isBoolean()) {
            error(name, "must be true or false");
            return fallback;
        }
        return value.asBoolean();
    }

    /** An http:// or https:// URL, or null when absent or (recorded) invalid. */
    String url(String name) {
        JsonNode value = get(name);
        if (value == null) {
            return null;
        }
        try {
            URI uri = new URI(value.asText(""));
            if (value.isTextual() && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return value.asText();
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        error(name, "must be an http:// or https:// URL");
        return null;
    }

    /** The name of an environment variable that must be set on the server, given bare (not as ${NAME}). */
    String environmentVariable(String name) {
        String variable = text(name, false);
        if (variable == null) {
            return null;
        }
        if (!VARIABLE.matcher(variable).matches()) {
            error(name, "must be the name of an environment variable");
            return null;
        }
        if (environment.apply(variable) == null) {
            error(name, "environment variable " + variable + " is not set on the server");
            return null;
        }
        return variable;
    }

    /**
     * The name of the environment variable a field refers to as {@code ${NAME}}, which must be set
     * on the server: keys and secrets are referred to, never written in a manifest.
     */
    String environmentReference(String name, String missing) {
        JsonNode value = get(name);
        Matcher reference = ENV_REFERENCE.matcher(value == null ? "" : value.asText(""));
        if (value == null || !value.isTextual() || !reference.matches()) {
            error(name, missing);
            return null;
        }
        if (environment.apply(reference.group(1)) == null) {
            error(name, "environment variable " + reference.group(1) + " is not set on the server");
            return null;
        }
        return reference.group(1);
    }

    /** The field's list; null when it is absent, or (recorded as an error) not a list. */
    JsonNode list(String name, String shape) {
        JsonNode value = get(name);
        if (value == null) {
            return null;
        }
        if (!value.isArray()) {
            error(name, shape);
            return null;
        }
        return value;
    }
}
