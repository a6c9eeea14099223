package io.terafleet.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** The fenced code blocks of the README and docs/*.md, and the shell commands in them, one per logical line. */
final class DocSnippets {
    /** Languages whose blocks are shell commands. */
    static final Set<String> SHELL = Set.of("bash", "sh", "shell", "console");

    /** One fenced block: where it is, its language (the fence's info string) and its text. */
    record Block(String file, int line, String language, String text) {
    }

    /** One shell command as the docs show it: continuation lines joined, comment and extra spaces dropped. */
    record Command(String file, int line, String text) {
        @Override
        public String toString() {
            return file + ":" + line + ": " + text;
        }
    }

    private DocSnippets() {
    }

    /** README.md and docs/*.md of the repository holding {@code moduleDir}. */
    static List<Path> documents(Path root) throws IOException {
        List<Path> docs = new ArrayList<>(List.of(root.resolve("README.md")));
        try (Stream<Path> files = Files.list(root.resolve("docs"))) {
            files.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        return docs;
    }

    static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !(Files.exists(dir.resolve("README.md")) && Files.isDirectory(dir.resolve("docs")))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no README.md and docs/ above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    static List<Block> blocks(Path root, Path doc) throws IOException {
        List<String> lines = Files.readAllLines(doc);
        String name = root.relativize(doc).toString();
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (!line.startsWith("```")) {
                continue;
            }
            String language = line.substring(3).strip();
            int start = i + 1;
            StringBuilder text = new StringBuilder();
            for (i = start; i < lines.size() && !lines.get(i).strip().startsWith("```"); i++) {
                text.append(lines.get(i)).append('\n');
            }
            blocks.add(new Block(name, start, language, text.toString()));
        }
        return blocks;
    }

    /** The commands of a shell block: a line ending in {@code \} or inside an open quote goes on. */
    static List<Command> commands(Block block) {
        List<Command> commands = new ArrayList<>();
        String[] lines = block.text().split("\n");
        StringBuilder current = new StringBuilder();
        int startLine = 0;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (current.isEmpty()) {
                if (line.isBlank() || line.strip().startsWith("#")) {
                    continue;
                }
                startLine = block.line() + i + 1;
            }
            current.append(current.isEmpty() ? "" : "\n").append(line);
            String text = current.toString();
            if (text.endsWith("\\") || openQuote(text)) {
                continue;
            }
            commands.add(new Command(block.file(), startLine, normalize(text)));
            current.setLength(0);
        }
        if (!current.isEmpty()) {
            commands.add(new Command(block.file(), startLine, normalize(current.toString())));
        }
        return commands;
    }

    /** Continuations joined, a trailing comment dropped, runs of spaces made one. */
    static String normalize(String command) {
        String joined = command.replace("\\\n", " ");
        return collapse(stripComment(joined));
    }

    /** Whether a quote is still open at the end of {@code text} (a comment's apostrophe opens none). */
    private static boolean openQuote(String text) {
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote == 0 && c == '#' && (i == 0 || Character.isWhitespace(text.charAt(i - 1)))) {
                int end = text.indexOf('\n', i);
                if (end < 0) {
                    break;
                }
                i = end;
            } else if (quote == 0 && (c == '\'' || c == '"')) {
                quote = c;
            } else if (c == quote) {
                quote = 0;
            }
        }
        return quote != 0;
    }

    private static String stripComment(String text) {
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote == 0 && (c == '\'' || c == '"')) {
                quote = c;
            } else if (c == quote) {
                quote = 0;
            } else if (quote == 0 && c == '#' && (i == 0 || Character.isWhitespace(text.charAt(i - 1)))) {
                return text.substring(0, i);
            }
        }
        return text;
    }

    private static String collapse(String text) {
        StringBuilder out = new StringBuilder();
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote == 0 && (c == '\'' || c == '"')) {
                quote = c;
            } else if (c == quote) {
                quote = 0;
            }
            if (quote == 0 && Character.isWhitespace(c)) {
                if (!out.isEmpty() && out.charAt(out.length() - 1) != ' ') {
                    out.append(' ');
                }
            } else {
                out.append(c);
            }
        }
        return out.toString().strip();
    }
}
