package dk.pathwatch.generate;

import java.util.Map;

/**
 * What {@link SnapshotGenerator#generate} wrote.
 *
 * @param rowCounts rows per written table ({@code forloebsmarkoerer}, {@code forloeb}, {@code organisationer},
 *     {@code truth})
 * @param truthByRule expected violations per rule id
 */
public record GeneratorResult(long persons, Map<String, Long> rowCounts, Map<String, Long> truthByRule,
    long wallMillis) {}
