package mrtbox.web.http;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** The one JSON configuration of the web layer, and the conversions between JSON and parameter values. */
public final class Json {
    private Json() {}

    public static ObjectMapper mapper() {
        return JsonMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
                .build();
    }

    /** A JSON scalar as the registry takes it (Number, Boolean, String); arrays, objects and absent values are refused. */
    public static Object scalar(JsonNode node, String what) {
        if (node == null || node.isMissingNode()) throw ApiError.badRequest(what + " is missing");
        if (node.isNull()) throw ApiError.badRequest(what + " is null");
        if (node.isBoolean()) return node.booleanValue();
        if (node.isNumber()) return node.numberValue();
        if (node.isTextual()) return node.textValue();
        throw ApiError.badRequest(what + " must be a number, true/false or a string, not " + node.getNodeType().name().toLowerCase());
    }

    /** A required string field. */
    public static String text(JsonNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || !n.isTextual()) throw ApiError.badRequest("\"" + field + "\" must be a string");
        return n.textValue();
    }

    /** Refuses fields other than the named ones, so a typo is reported instead of ignored. */
    public static void onlyFields(JsonNode body, String... allowed) {
        var names = body.fieldNames();
        while (names.hasNext()) {
            String f = names.next();
            if (!java.util.List.of(allowed).contains(f)) {
                throw ApiError.badRequest("unknown field \"" + f + "\"; expected " + java.util.List.of(allowed));
            }
        }
    }
}
