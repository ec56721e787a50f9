package io.castellan.platform;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.PropertyBindingException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.util.Collection;
import java.util.Map;

/**
 * Says what is wrong with a JSON body in the API's terms. Jackson's own messages name Java types
 * ({@code TokenResource$NewToken}, {@code JsonToken.START_ARRAY}) and its limits by method name;
 * a client needs the field, what was expected there, and where in the text a syntax error is.
 */
public final class JsonProblems {

    private JsonProblems() {
    }

    static ProblemException of(JacksonException e) {
        if (e instanceof StreamConstraintsException) {
            return new ProblemException(400, "Malformed JSON", "The body exceeds a limit of the JSON reader: "
                    + limitOf(e.getOriginalMessage()) + at(e.getLocation()));
        }
        if (e instanceof ValueInstantiationException v) {
            // a request record refused its own values: its reason is already in the API's words
            return v.getCause() instanceof ProblemException problem ? problem : ProblemException.invalid(field(v), "is not valid here");
        }
        if (e instanceof JsonMappingException mapping) {
            return ProblemException.invalid(field(mapping), reason(mapping));
        }
        return new ProblemException(400, "Malformed JSON", "The body is not valid JSON" + at(e.getLocation()));
    }

    private static String reason(JsonMappingException e) {
        if (e instanceof PropertyBindingException) {
            return "is not a field of this request";
        }
        if (e instanceof InvalidFormatException format) {
            return "must be " + kind(format.getTargetType());
        }
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            return "must be " + kind(mismatch.getTargetType());
        }
        return "is not valid here";
    }

    /** A Java target type in JSON's words. */
    private static String kind(Class<?> type) {
        if (type == null) {
            return "another kind of value";
        }
        if (type == String.class || type == Character.class || type == char.class || type.isEnum()) {
            return "a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class
                || type == Short.class || type == short.class) {
            return "a whole number";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        if (type.getName().startsWith("java.time.")) {
            return "an ISO-8601 time as a string";
        }
        if (Map.class.isAssignableFrom(type) || type.getName().startsWith("io.castellan.")
                || type.getName().startsWith("com.fasterxml.jackson.databind.node.ObjectNode")) {
            return "an object";
        }
        return "another kind of value";
    }

    /** The field's path as the client wrote it: {@code a.b[0].c}; the body itself when it is the whole. */
    private static String field(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "body" : path.toString();
    }

    /** Jackson's limit messages name a method to call; keep only which limit it was. */
    private static String limitOf(String message) {
        String m = message == null ? "" : message.toLowerCase(java.util.Locale.ROOT);
        if (m.contains("nesting depth")) {
            return "it is nested too deeply";
        }
        if (m.contains("number value length") || m.contains("number length")) {
            return "a number has too many digits";
        }
        if (m.contains("string value length") || m.contains("string length")) {
            return "a string is too long";
        }
        if (m.contains("name length")) {
            return "a field name is too long";
        }
        if (m.contains("document length") || m.contains("token count")) {
            return "it is too large";
        }
        return "it is too large or too deep";
    }

    /**
     * A parser's complaint about a text (a manifest), in words fit for a client: its limits by
     * name, a duplicate key by its key, the YAML parser's own description otherwise (it names the
     * YAML construct it expected, never a Java type: the text is read into a tree, not a class).
     */
    public static String inWords(JacksonException e) {
        String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (e instanceof StreamConstraintsException || message.toLowerCase(java.util.Locale.ROOT).contains("nesting depth")) {
            // Jackson's limits, and the YAML parser's own nesting limit
            return limitOf(message);
        }
        java.util.regex.Matcher duplicate = java.util.regex.Pattern.compile("Duplicate field '([^']*)'").matcher(message);
        if (duplicate.find()) {
            return "the key '" + duplicate.group(1) + "' appears twice in one mapping";
        }
        return message;
    }

    private static String at(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " (at line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }
}
