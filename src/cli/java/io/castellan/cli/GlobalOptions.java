package io.castellan.cli;

import picocli.CommandLine.Option;

/**
 * The connection options given before the command ({@code castellan --url X ps}); the same options
 * after it ({@code castellan ps --url X}) win. Read by {@link Connection}.
 */
final class GlobalOptions {

    @Option(names = "--url", paramLabel = "URL", description = "Castellan's address (default: $CASTELLAN_URL, else " + Connection.DEFAULT_URL + ")")
    String url;

    @Option(names = "--token", paramLabel = "TOKEN", description = "an API token (default: $CASTELLAN_TOKEN)")
    String token;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", description = "table (default) or json")
    Output.Format format;
}
