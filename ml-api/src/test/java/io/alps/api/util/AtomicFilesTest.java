package io.alps.api.util;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void writesIntoNewFoldersAndReplacesLeavingOnlyTheTarget() throws IOException {
        Path target = dir.resolve("a/b/model.onnx");
        AtomicFiles.write(target, new byte[] {1, 2, 3});
        AtomicFiles.write(target, new byte[] {4, 5});
        assertArrayEquals(new byte[] {4, 5}, Files.readAllBytes(target));
        try (Stream<Path> files = Files.list(target.getParent())) {
            assertEquals(java.util.List.of(target), files.toList());
        }
    }

    @Test
    void aFailedMoveKeepsTheOldFileAndNoTemporaryOne() throws IOException {
        Path target = dir.resolve("taken");
        Files.createDirectories(target.resolve("inside"));
        assertThrows(IOException.class, () -> AtomicFiles.write(target, new byte[] {1}));
        assertEquals(true, Files.isDirectory(target.resolve("inside")));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(java.util.List.of(target), files.toList());
        }
    }
}
