package io.github.firehoseappender.infra;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * cfn-lint, AWS's CloudFormation linter, over every template in the repository: any error (an {@code E} rule)
 * fails the build. Broken copies of the logging-account template, linted in the same run, prove the check bites.
 * One cfn-lint process lints everything: it takes seconds to start.
 */
class CfnLintTest {
    private static final Set<String> SKIPPED_DIRS = Set.of("target", ".git", "node_modules", ".idea", "cdk.out");

    @TempDir
    static Path brokenDir;

    private static List<Path> templates;
    private static Map<Path, List<String>> findings;
    private static Path misspeltProperty;
    private static Path wrongEnumValue;
    private static Path danglingGetAtt;

    @BeforeAll
    static void lintEverything() throws IOException {
        Path cfnLint = ExternalCommand.onPath("cfn-lint").orElseThrow(() -> new AssertionError(
                "cfn-lint is not on PATH; install it with: python3 -m pip install cfn-lint==1.51.0"));
        templates = templatesIn(CloudFormationTemplate.repositoryRoot());

        String original = Files.readString(CloudFormationTemplate.LOGGING_ACCOUNT, StandardCharsets.UTF_8);
        misspeltProperty = brokenCopy("misspelt-property.yaml", original, "        BufferingHints:", "        BuferingHints:");
        wrongEnumValue = brokenCopy("wrong-enum.yaml", original, "DeliveryStreamType: DirectPut", "DeliveryStreamType: DirectPutt");
        danglingGetAtt = brokenCopy("dangling-getatt.yaml", original,
                "RoleARN: { \"Fn::GetAtt\": [DeliveryRole, Arn] }", "RoleARN: { \"Fn::GetAtt\": [DeliveryRol, Arn] }");

        List<String> command = new ArrayList<>(List.of(cfnLint.toString(), "--format", "parseable"));
        for (Path template : templates) {
            command.add(template.toString());
        }
        for (Path broken : List.of(misspeltProperty, wrongEnumValue, danglingGetAtt)) {
            command.add(broken.toString());
        }
        ExternalCommand.Result result = ExternalCommand.run(command, Duration.ofMinutes(2), Map.of());
        findings = new LinkedHashMap<>();
        List<Path> linted = new ArrayList<>(templates);
        linted.addAll(List.of(misspeltProperty, wrongEnumValue, danglingGetAtt));
        for (String line : result.output.split("\n")) {
            for (Path file : linted) {
                if (line.startsWith(file + ":")) {
                    findings.computeIfAbsent(file, f -> new ArrayList<>()).add(line.substring(file.toString().length() + 1));
                }
            }
        }
        if (result.exitCode != 0 && findings.isEmpty()) {
            fail("cfn-lint failed without findings: " + result);
        }
    }

    @Test
    void findsTheLoggingAccountTemplateAmongTheRepositorysTemplates() {
        assertTrue(templates.contains(CloudFormationTemplate.LOGGING_ACCOUNT.toAbsolutePath().normalize()), templates.toString());
    }

    @Test
    void everyTemplateInTheRepositoryHasNoLintErrors() {
        Map<Path, List<String>> errors = new LinkedHashMap<>();
        for (Path template : templates) {
            List<String> e = errorsIn(template);
            if (!e.isEmpty()) {
                errors.put(template, e);
            }
        }
        assertEquals(Map.of(), errors, "cfn-lint errors");
    }

    @Test
    void loggingAccountTemplateHasNoFindingsAtAll() {
        assertEquals(List.of(), findings.getOrDefault(CloudFormationTemplate.LOGGING_ACCOUNT.toAbsolutePath().normalize(), List.of()),
                "warnings and informational findings too");
    }

    @Test
    void misspeltPropertyIsALintError() {
        assertErrorRule(misspeltProperty, "E3002", "BuferingHints");
    }

    @Test
    void wrongEnumValueIsALintError() {
        assertErrorRule(wrongEnumValue, "E3030", "DirectPutt");
    }

    @Test
    void danglingGetAttIsALintError() {
        assertErrorRule(danglingGetAtt, "E1010", "DeliveryRol");
    }

    private static void assertErrorRule(Path file, String rule, String mentioned) {
        List<String> errors = errorsIn(file);
        assertTrue(errors.stream().anyMatch(line -> line.contains(":" + rule + ":") && line.contains(mentioned)),
                "expected " + rule + " about " + mentioned + " in " + errors);
    }

    /** Findings of rules E…: the ones that fail the build. Parseable format: file:line:col:endline:endcol:rule:message. */
    private static List<String> errorsIn(Path file) {
        List<String> errors = new ArrayList<>();
        for (String finding : findings.getOrDefault(file, List.of())) {
            String[] parts = finding.split(":", 6);
            if (parts.length == 6 && parts[4].startsWith("E")) {
                errors.add(file.getFileName() + ":" + finding);
            }
        }
        return errors;
    }

    private static Path brokenCopy(String name, String original, String from, String to) throws IOException {
        assertTrue(original.contains(from), "the template no longer contains '" + from + "': update this breakage");
        Path copy = brokenDir.resolve(name);
        Files.writeString(copy, original.replace(from, to), StandardCharsets.UTF_8);
        return copy.toAbsolutePath().normalize();
    }

    /** Files named *.yaml, *.yml, *.json or *.template that declare AWSTemplateFormatVersion, outside build output. */
    static List<Path> templatesIn(Path root) throws IOException {
        List<Path> found = new ArrayList<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                return SKIPPED_DIRS.contains(dir.getFileName().toString()) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (file.getFileName().toString().matches(".*\\.(yaml|yml|json|template)") && declaresTemplateVersion(file)) {
                    found.add(file.toAbsolutePath().normalize());
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE; // removed while walking (others edit this tree): not a template now
            }
        });
        found.sort(null);
        return found;
    }

    private static boolean declaresTemplateVersion(Path file) {
        try {
            return Files.size(file) < 5_000_000
                    && Files.readString(file, StandardCharsets.UTF_8).contains("AWSTemplateFormatVersion");
        } catch (IOException | UncheckedIOException e) {
            return false; // unreadable or not UTF-8 text: not a template
        }
    }
}
