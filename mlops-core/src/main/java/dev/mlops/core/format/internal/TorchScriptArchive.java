package dev.mlops.core.format.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Checks that a file is a TorchScript archive as {@code torch.jit.save} writes it: a zip file
 * whose entries all sit under one top-level directory, with the pickled module ({@code
 * data.pkl}), the format version ({@code version} or {@code .data/version}) and the compiled code
 * ({@code code/...}). An empty, truncated or random file, or a plain {@code torch.save} checkpoint
 * (no code), does not pass. The entries are not unpickled: that is the engine's job at load.
 */
public final class TorchScriptArchive {

  private TorchScriptArchive() {}

  /**
   * Checks a file.
   *
   * @param file the {@code .pt} file
   * @throws ModelFileException if it is not a TorchScript archive, saying what is missing
   */
  public static void check(Path file) {
    List<String> names = new ArrayList<>();
    try (ZipFile zip = new ZipFile(file.toFile())) {
      Enumeration<? extends ZipEntry> entries = zip.entries();
      while (entries.hasMoreElements()) {
        names.add(entries.nextElement().getName());
      }
    } catch (ZipException e) {
      throw new ModelFileException(file, "it is not a TorchScript archive: not a valid zip file ("
          + e.getMessage() + "); save the model with torch.jit.save");
    } catch (IOException e) {
      throw new ModelFileException(file, "it cannot be read: " + e.getMessage());
    }
    if (names.isEmpty()) {
      throw new ModelFileException(file, "it is not a TorchScript archive: the zip file is empty");
    }
    String first = names.get(0);
    int slash = first.indexOf('/');
    String top = slash < 0 ? "" : first.substring(0, slash + 1);
    if (top.isEmpty() || names.stream().anyMatch(n -> !n.startsWith(top))) {
      throw new ModelFileException(file, "it is not a TorchScript archive: its entries are not all"
          + " under one directory, as torch.jit.save writes them");
    }
    require(file, names, top + "data.pkl", top + "data.pkl");
    require(file, names, top + "version", top + ".data/version");
    if (names.stream().noneMatch(n -> n.startsWith(top + "code/"))) {
      throw new ModelFileException(file, "it is not a TorchScript archive: it has no " + top
          + "code/ entries (a torch.save checkpoint holds weights only; save the model with "
          + "torch.jit.save)");
    }
  }

  private static void require(Path file, List<String> names, String entry, String alternative) {
    if (!names.contains(entry) && !names.contains(alternative)) {
      throw new ModelFileException(file, "it is not a TorchScript archive: it has no " + entry
          + " entry");
    }
  }
}
