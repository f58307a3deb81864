package io.dirsync.app;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One scrape of {@code /actuator/prometheus}, parsed from the text format: every sample with its labels. */
record PrometheusScrape(List<Sample> samples) {
    private static final Pattern SAMPLE =
            Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s+(\\S+)(?:\\s+\\d+)?$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?");

    record Sample(String name, Map<String, String> labels, double value) {
        boolean has(Map<String, String> wanted) {
            return wanted.entrySet().stream().allMatch(label -> label.getValue().equals(labels.get(label.getKey())));
        }
    }

    static PrometheusScrape parse(String text) {
        List<Sample> samples = new ArrayList<>();
        for (String line : text.lines().toList()) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher sample = SAMPLE.matcher(line);
            if (!sample.matches()) {
                throw new AssertionError("Not a Prometheus sample: " + line);
            }
            Map<String, String> labels = new LinkedHashMap<>();
            if (sample.group(2) != null) {
                Matcher label = LABEL.matcher(sample.group(2));
                while (label.find()) {
                    labels.put(label.group(1), label.group(2));
                }
            }
            samples.add(new Sample(
                    sample.group(1), labels, Double.parseDouble(sample.group(3).replace("+Inf", "Infinity"))));
        }
        return new PrometheusScrape(samples);
    }

    List<Sample> named(String name) {
        return samples.stream().filter(sample -> sample.name().equals(name)).toList();
    }

    /** The sum of the samples of that name whose labels include the ones given. */
    double sum(String name, Map<String, String> labels) {
        return named(name).stream()
                .filter(sample -> sample.has(labels))
                .mapToDouble(Sample::value)
                .sum();
    }

    boolean any(String name, Map<String, String> labels) {
        return named(name).stream().anyMatch(sample -> sample.has(labels));
    }

    Set<String> names() {
        Set<String> names = new TreeSet<>();
        samples.forEach(sample -> names.add(sample.name()));
        return names;
    }

    /** Every value the label takes on samples of that name. */
    Set<String> values(String name, String label) {
        Set<String> values = new TreeSet<>();
        named(name).forEach(sample -> {
            if (sample.labels().containsKey(label)) {
                values.add(sample.labels().get(label));
            }
        });
        return values;
    }
}
