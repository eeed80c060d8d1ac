package io.alps.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StackCommandTest {
    @TempDir
    Path tmp;

    @Test
    void aDataFolderWithoutADataSetIsOneLineNamingItAndNothingStarts() throws Exception {
        Path notes = Files.createDirectories(tmp.resolve("notes"));
        PrintStream before = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = StackCommand.execute("--work", tmp.resolve("work").toString(), "--data", notes.toString());
        } finally {
            System.setErr(before);
        }
        String said = err.toString(StandardCharsets.UTF_8);
        assertThat(code).isEqualTo(2);
        assertThat(said).startsWith("alps stack: --data " + notes + " holds neither").contains("image folders")
                .doesNotContain("\tat ");
        assertThat(said.strip().lines()).hasSize(1);
    }
}
