package io.castellan.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The stub provider's embeddings (OpenAI's {@code /embeddings} answer): a bag of words hashed into
 * 32 dimensions, so texts that share words are near and the memory tests can tell which they find.
 */
final class StubEmbeddings {

    private StubEmbeddings() {
    }

    static String answer(JsonNode body) throws IOException {
        ObjectNode answer = ProviderStub.JSON.createObjectNode().put("object", "list")
                .put("model", body.path("model").asText());
        ArrayNode data = answer.putArray("data");
        JsonNode input = body.path("input");
        List<String> texts = new ArrayList<>();
        if (input.isArray()) {
            input.forEach(t -> texts.add(t.asText()));
        } else {
            texts.add(input.asText());
        }
        int tokens = 0;
        for (int i = 0; i < texts.size(); i++) {
            double[] vector = new double[32];
            for (String word : texts.get(i).toLowerCase(Locale.ROOT).split("[^a-z0-9]+")) {
                if (!word.isEmpty()) {
                    vector[Math.floorMod(word.hashCode(), 32)] += 1;
                    tokens++;
                }
            }
            vector[31] += 0.01;
            ArrayNode values = data.addObject().put("object", "embedding").put("index", i).putArray("embedding");
            for (double v : vector) {
                values.add(v);
            }
        }
        answer.putObject("usage").put("prompt_tokens", tokens).put("total_tokens", tokens);
        return ProviderStub.JSON.writeValueAsString(answer);
    }
}
