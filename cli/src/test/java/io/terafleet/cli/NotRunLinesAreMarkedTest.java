package io.terafleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * A documented line that the suite does not run (a {@link CommandTable.NotRun} entry) says so where a reader sees
 * it: a comment holding {@value #MARK} in its block, above the command and after the command before it (or on the
 * command's own line), so nobody takes an untested line for a tested one.
 */
class NotRunLinesAreMarkedTest {
    static final String MARK = "not run by the test suite";

    @Test
    void everyLineTheSuiteDoesNotRunIsMarkedInTheDocs() throws IOException {
        Path root = DocSnippets.repositoryRoot();
        List<String> unmarked = new ArrayList<>();
        for (var doc : CommandsAsDocumentedTest.documented()) {
            if (CommandTable.DOCS.get(doc.key()) instanceof CommandTable.NotRun notRun
                    && !marked(Files.readAllLines(root.resolve(doc.file())), doc)) {
                unmarked.add(doc + " " + doc.key() + "\n    add a comment above it: # Not run by the test suite: "
                        + notRun.why());
            }
        }
        assertThat(unmarked).as("documented lines the suite does not run, with no visible mark").isEmpty();
    }

    /**
     * Whether the comment lines right above the documented line (up to the fence or the command before), the line
     * itself, or for a client snippet its whole block, hold the mark.
     */
    static boolean marked(List<String> lines, CommandsAsDocumentedTest.Documented doc) {
        int index = doc.line() - 1;
        if (!doc.language().equals("bash")) {
            return doc.text().toLowerCase(Locale.ROOT).contains(MARK);
        }
        if (holdsMark(lines.get(index))) {
            return true;
        }
        for (int i = index - 1; i >= 0; i--) {
            String line = lines.get(i).strip();
            if (line.startsWith("```") || !(line.isEmpty() || line.startsWith("#"))) {
                return false;
            }
            if (holdsMark(line)) {
                return true;
            }
        }
        return false;
    }

    private static boolean holdsMark(String line) {
        int comment = line.indexOf('#');
        return comment >= 0 && line.substring(comment).toLowerCase(Locale.ROOT).contains(MARK);
    }
}
