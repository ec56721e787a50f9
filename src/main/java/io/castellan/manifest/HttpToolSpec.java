package io.castellan.manifest;

import java.util.List;

/**
 * A declarative HTTP tool of a manifest ({@code http_tools}): a request whose URL is a template
 * filled with the model's arguments, called under the process's {@code network.allow}. No code of
 * the manifest's author runs in the server: an agent in open mode writes these with {@code create_tool}.
 *
 * @param url with {@code {param}} placeholders, each replaced by its argument, URL-encoded
 */
public record HttpToolSpec(String name, String description, String method, String url, List<Param> params) {

    /** One argument: a string, integer, number or boolean. */
    public record Param(String name, String type, String description, boolean required) {
    }
}
