package dev.mlops.core.format.internal;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TorchScriptArchiveTest {

  @TempDir Path dir;

  @Test
  void anArchiveAsTorchJitSaveWritesItPasses() throws IOException {
    Path old = zip("old.pt", "m/data.pkl", "m/code/__torch__.py", "m/constants.pkl", "m/version");
    Path recent = zip("recent.pt", "m/data.pkl", "m/code/__torch__.py", "m/.data/version",
        "m/byteorder");

    assertThatCode(() -> TorchScriptArchive.check(old)).doesNotThrowAnyException();
    assertThatCode(() -> TorchScriptArchive.check(recent)).doesNotThrowAnyException();
  }

  @Test
  void filesThatAreNoTorchScriptArchiveAreRefusedSayingWhy() throws IOException {
    Path empty = Files.write(dir.resolve("empty.pt"), new byte[0]);
    Path text = Files.writeString(dir.resolve("text.pt"), "not a model");
    Path weightsOnly = zip("weights.pt", "archive/data.pkl", "archive/version",
        "archive/data/0");
    Path scattered = zip("scattered.pt", "a/data.pkl", "b/version", "a/code/x.py");

    assertThatThrownBy(() -> TorchScriptArchive.check(empty))
        .isInstanceOf(ModelFileException.class).hasMessageContaining("not a valid zip file");
    assertThatThrownBy(() -> TorchScriptArchive.check(text))
        .hasMessageContaining("not a valid zip file");
    assertThatThrownBy(() -> TorchScriptArchive.check(weightsOnly))
        .hasMessageContaining("it has no archive/code/ entries");
    assertThatThrownBy(() -> TorchScriptArchive.check(scattered))
        .hasMessageContaining("not all under one directory");
  }

  private Path zip(String name, String... entries) throws IOException {
    Path file = dir.resolve(name);
    try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
      for (String e : List.of(entries)) {
        zip.putNextEntry(new ZipEntry(e));
        zip.write(e.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        zip.closeEntry();
      }
    }
    return file;
  }
}
