package io.alps.api.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.alps.api.oracle.FileOracle;
import io.alps.api.spec.ExperimentSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** labels.csv opened in a spreadsheet runs no formula, and the file oracle still reads it back as written. */
class LabelFilesTest {
    private static final List<String> CLASSES = List.of("=HYPERLINK(\"http://evil.test\",\"x\")", "+1", "-2", "@SUM(A1)",
            "\tcmd", "\rcmd", "'quoted", "cat", "a-b");

    @Test
    void formulaLikeClassAndFileNamesGetALeadingQuoteAndNumbersDoNot() {
        List<String> files = List.of("=cmd|' /C calc'!A0.png", "dog/1.png", "-3.png");
        String csv = new String(LabelFiles.labels(Map.of(0, 0, 1, 1, 2, 3), new int[] {0, 1, 3}, CLASSES, files),
                StandardCharsets.UTF_8);
        assertThat(csv.lines().toList()).containsExactly(
                "id,label,file,round",
                "0,\"'=HYPERLINK(\"\"http://evil.test\"\",\"\"x\"\")\",'=cmd|' /C calc'!A0.png,0",
                "1,'+1,dog/1.png,1",
                "2,'@SUM(A1),'-3.png,3");
        assertThat(new String(new CsvTable(List.of("name", "value")).add(List.of("-x", -0.5)).add(List.of("a-b", 2))
                .toBytes(), StandardCharsets.UTF_8).lines().toList())
                .containsExactly("name,value", "'-x,-0.5", "a-b,2");
        for (String name : CLASSES) {
            assertThat(CsvTable.plain(CsvTable.neutralised(name))).as(name).isEqualTo(name);
            assertThat(CsvTable.neutralised(name).charAt(0)).as(name).isNotIn('=', '+', '-', '@', '\t', '\r');
        }
    }

    @Test
    void theFileOracleReadsAWrittenLabelsCsvBackToTheSameClasses(@TempDir Path dir) throws Exception {
        int[] truth = {0, 1, 2, 3, 6, 7};
        Map<Integer, Integer> rounds = Map.of(0, 0, 1, 0, 2, 0, 3, 1, 4, 1, 5, 1);
        Path csv = Files.write(dir.resolve(LabelFiles.LABELS), LabelFiles.labels(rounds, truth, CLASSES, null));
        ExperimentSpec spec = ExperimentSpec.fromJson("{\"kind\":\"dense\",\"oracle\":\"file\",\"labels\":\""
                + csv.toString().replace("\\", "\\\\") + "\"}");
        int[] unknown = new int[truth.length];
        java.util.Arrays.fill(unknown, -1);
        assertThat(new FileOracle().labels(spec, unknown, null, CLASSES)).containsExactly(truth);
    }
}
