package io.castellan.platform;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.jakarta.rs.json.JacksonJsonProvider;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Reads and writes JSON with {@link Json#MAPPER}, in preference to the server's JSON-B. An answer's
 * JSON is left in the web container's buffer instead of being flushed once written (Jackson's
 * default): the container then sends it with its {@code Content-Length} in one write when the
 * request ends, where a flush had sent the headers and body as a chunk and then the chunked
 * encoding's end in a second write. A body larger than the buffer still goes out as it fills.
 */
@Provider
@Consumes({MediaType.APPLICATION_JSON, "application/*+json"})
@Produces({MediaType.APPLICATION_JSON, "application/*+json"})
public class JsonProvider extends JacksonJsonProvider {

    public JsonProvider() {
        super(Json.MAPPER);
    }

    @Override
    protected JsonGenerator _createGenerator(ObjectWriter writer, OutputStream out, JsonEncoding encoding) throws IOException {
        return super._createGenerator(writer, out, encoding).disable(JsonGenerator.Feature.FLUSH_PASSED_TO_STREAM);
    }
}
