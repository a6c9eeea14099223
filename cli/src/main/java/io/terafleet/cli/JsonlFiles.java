package io.terafleet.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes batch input lines: {@code {"custom_id":"s-0001","input":"..."}}. */
final class JsonlFiles {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonlFiles() {
    }

    static List<String> lines(List<String> texts) {
        List<String> lines = new ArrayList<>(texts.size());
        int width = String.valueOf(texts.size()).length();
        for (int i = 0; i < texts.size(); i++) {
            Map<String, String> line = new LinkedHashMap<>();
            line.put("custom_id", "s-" + String.format("%0" + width + "d", i + 1));
            line.put("input", texts.get(i));
            try {
                lines.add(JSON.writeValueAsString(line));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        return lines;
    }
}
