package io.terafleet.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The shipped public-domain sentences (see {@code corpus/README.md}) that the demo embeds. */
public final class SampleCorpus {
    private static final String RESOURCE = "/corpus/kjv-sentences.txt";

    private SampleCorpus() {
    }

    public static List<String> all() {
        var in = SampleCorpus.class.getResourceAsStream(RESOURCE);
        if (in == null) {
            throw new IllegalStateException("the sample corpus " + RESOURCE + " is missing from the jar");
        }
        try (var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            List<String> lines = new ArrayList<>();
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank()) {
                    lines.add(line.strip());
                }
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first {@code n} sentences, cycling through the corpus again when it has fewer. */
    public static List<String> take(int n) {
        List<String> all = all();
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(all.get(i % all.size()));
        }
        return out;
    }
}
