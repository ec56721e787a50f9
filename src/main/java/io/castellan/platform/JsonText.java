package io.castellan.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Iterator;
import java.util.Map;
import java.util.function.UnaryOperator;

/** Rewrites every text value of a JSON tree, at any depth; names, numbers and the rest stay as they are. */
public final class JsonText {

    private JsonText() {
    }

    /** A copy of the tree with each text value replaced by what the function makes of it. */
    public static JsonNode map(JsonNode tree, UnaryOperator<String> change) {
        return walk(tree.deepCopy(), change);
    }

    private static JsonNode walk(JsonNode node, UnaryOperator<String> change) {
        if (node.isTextual()) {
            return TextNode.valueOf(change.apply(node.asText()));
        }
        if (node instanceof ObjectNode object) {
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                field.setValue(walk(field.getValue(), change));
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, walk(array.get(i), change));
            }
        }
        return node;
    }
}
