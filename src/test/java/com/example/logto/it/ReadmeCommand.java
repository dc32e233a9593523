package com.example.logto.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A command as README.md prints it, so that a test runs exactly what a reader copies: the first {@code sh} block
 * of a section, its continuation lines joined.
 */
final class ReadmeCommand {

    private static final Path README = Path.of("README.md");

    private final List<String> words;

    private ReadmeCommand(List<String> words) {
        this.words = words;
    }

    /** The command of the README's "Payara Micro 6" deploy section. */
    static ReadmeCommand payaraMicro() {
        return of("### Payara Micro 6");
    }

    private static ReadmeCommand of(String heading) {
        String readme;
        try {
            readme = Files.readString(README, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int section = readme.indexOf("\n" + heading);
        int start = readme.indexOf("```sh\n", section);
        int end = readme.indexOf("\n```", start + 1);
        if (section < 0 || start < 0 || end < 0) {
            throw new IllegalStateException("README.md has no sh block under \"" + heading + "\"");
        }
        String command = readme.substring(start + "```sh\n".length(), end).replace("\\\n", " ");
        return new ReadmeCommand(List.of(command.trim().split("\\s+")));
    }

    /**
     * The arguments after {@code java}, for a {@code java -jar <server jar> ... --port <port> ... --deploy <war>}
     * command: the README's server jar, port and WAR replaced by the given ones, every other word as printed.
     */
    List<String> arguments(Path serverJar, int port, Path war) {
        if (words.size() < 3 || !words.get(0).equals("java") || !words.get(1).equals("-jar")) {
            throw new IllegalStateException("not a java -jar command: " + words);
        }
        List<String> arguments = new ArrayList<>(words.subList(1, words.size()));
        arguments.set(1, serverJar.toString());
        replaceValue(arguments, "--port", String.valueOf(port));
        replaceValue(arguments, "--deploy", war.toString());
        return arguments;
    }

    private static void replaceValue(List<String> arguments, String option, String value) {
        int at = arguments.indexOf(option);
        if (at < 0 || at + 1 >= arguments.size()) {
            throw new IllegalStateException("the README's command has no " + option + ": " + arguments);
        }
        arguments.set(at + 1, value);
    }

    @Override
    public String toString() {
        return String.join(" ", words);
    }
}
