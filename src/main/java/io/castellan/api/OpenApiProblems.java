package io.castellan.api;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * Every operation of the OpenAPI document answers a refusal as a problem (RFC 9457), whoever
 * raises it: said once here as each operation's {@code default} response, instead of on each
 * resource method. Registered by {@code mp.openapi.filter} in microprofile-config.properties.
 */
public class OpenApiProblems implements OASFilter {

    @Override
    public Operation filterOperation(Operation operation) {
        APIResponses responses = operation.getResponses();
        if (responses != null && !responses.hasAPIResponse("default")) {
            responses.addAPIResponse("default", OASFactory.createAPIResponse()
                    .description("A refusal: application/problem+json naming the field and the reason")
                    .content(OASFactory.createContent().addMediaType("application/problem+json",
                            OASFactory.createMediaType().schema(OASFactory.createSchema().ref("#/components/schemas/Problem")))));
        }
        return operation;
    }
}
