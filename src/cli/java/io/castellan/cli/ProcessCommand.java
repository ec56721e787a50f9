package io.castellan.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** A command about one process, named by its first argument: the connection and the NAME it shares with its kind. */
abstract class ProcessCommand implements Callable<Integer> {

    @Mixin
    protected Connection connection;

    @Parameters(index = "0", paramLabel = "NAME", description = "the process")
    protected String name;
}
