package dev.mlops.apidump;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.annotation.Annotation;
import java.lang.annotation.Documented;
import java.lang.module.ModuleDescriptor;
import java.lang.reflect.AnnotatedArrayType;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.AnnotatedParameterizedType;
import java.lang.reflect.AnnotatedType;
import java.lang.reflect.AnnotatedTypeVariable;
import java.lang.reflect.AnnotatedWildcardType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Writes or checks the committed API dump of one module: every public and protected type, field,
 * constructor and method of the module's exported packages, with modifiers, supertypes, full generic
 * signatures, thrown exceptions and documented annotations (nullness and {@code @Experimental}
 * included), one sorted, stable line each.
 *
 * <p>Exported packages are the unqualified {@code exports} of the module's {@code module-info.class}
 * where it has one, else every package without an {@code internal} segment.
 *
 * <p>Usage: {@code java ApiDump.java --module NAME --classes DIR --classpath PATH --dump FILE
 * [--accept true|false]}. Without {@code --accept true} it compares the classes with the dump and
 * exits with 1, printing the difference and the command that accepts it, when they differ; with
 * it, it rewrites the dump. Exit status 2 means bad arguments or classes that cannot be read.
 *
 * <p>Everything sits in this one file, with nothing but the JDK, so that each module's {@code
 * verify} runs it through the JDK's source launcher without first installing a build artifact
 * (docs/architecture.md, "API compatibility").
 */
public final class ApiDump {

  /** The marker of packages and types that may change in a minor release. */
  static final String EXPERIMENTAL = "dev.mlops.Experimental";

  private static final String HEADER =
      """
      # API of %1$s: public and protected members of its exported packages, written by
      # mlops-apidump/src/main/java/dev/mlops/apidump/ApiDump.java. Do not edit: after an intended
      # change, rewrite it with  %2$s  and commit it.
      """;

  private ApiDump() {}

  /**
   * Runs the tool from the command line and exits with its status.
   *
   * @param args the options described in the class comment
   */
  public static void main(String[] args) {
    int status = run(args, System.out, System.err);
    if (status != 0) {
      System.exit(status);
    }
  }

  /**
   * Runs the tool.
   *
   * @param args the options described in the class comment
   * @param out where progress goes
   * @param err where the difference and errors go
   * @return 0 when the dump matches or was written, 1 when it differs, 2 on bad input
   */
  static int run(String[] args, PrintStream out, PrintStream err) {
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      err.println("mlops-apidump: " + e.getMessage());
      return 2;
    }
    String module = options.module();
    Path dumpFile = options.dump().toAbsolutePath();
    String acceptCommand = "mvn -B -pl " + module + " verify -DskipTests -Dapi.accept";
    String actual;
    try {
      actual = String.format(HEADER, module, acceptCommand) + dump(options.classes(), options.classpath());
    } catch (LinkageError | IOException | UncheckedIOException | ReflectiveOperationException e) {
      err.println("mlops-apidump: cannot read the API of " + module + " from " + options.classes() + ": " + e);
      return 2;
    }
    try {
      // A checkout with Windows line ends holds the same dump.
      String expected = Files.exists(dumpFile)
          ? Files.readString(dumpFile, StandardCharsets.UTF_8).replace("\r\n", "\n")
          : "";
      if (expected.equals(actual)) {
        out.println("API of " + module + " matches " + dumpFile);
        return 0;
      }
      String difference = difference(expected, actual);
      if (options.accept()) {
        Path folder = dumpFile.getParent();
        if (folder != null) {
          Files.createDirectories(folder);
        }
        Files.writeString(dumpFile, actual, StandardCharsets.UTF_8);
        out.println("Wrote the API of " + module + " to " + dumpFile + "; commit it with the change.");
        out.print(difference);
        return 0;
      }
      err.println(Files.exists(dumpFile)
          ? "The API of " + module + " differs from " + dumpFile + " (- committed, + now):"
          : "The API of " + module + " has no dump yet at " + dumpFile + ":");
      err.print(difference);
      err.println("If the change is intended, rewrite the dump and commit it with the change, so that"
          + " reviewers see it:");
      err.println("    " + acceptCommand);
      err.println("Removing or changing stable API breaks users: deprecate first and remove in a major"
          + " release. Packages and types marked @" + EXPERIMENTAL + " may change in a minor release.");
      return 1;
    } catch (IOException e) {
      err.println("mlops-apidump: cannot read or write " + dumpFile + ": " + e);
      return 2;
    }
  }

  /** The command line: {@code --classpath} may be empty; {@code --accept} alone means true. */
  private record Options(String module, Path classes, Path dump, List<Path> classpath, boolean accept) {

    static Options parse(String[] args) {
      Map<String, String> values = new LinkedHashMap<>();
      for (int i = 0; i < args.length; i++) {
        if (!args[i].startsWith("--")) {
          throw new IllegalArgumentException("expected an option such as --module but got '" + args[i] + "'");
        }
        boolean hasValue = i + 1 < args.length && !args[i + 1].startsWith("--");
        values.put(args[i].substring(2), hasValue ? args[++i] : "");
      }
      List<Path> classpath = Stream.of(values.getOrDefault("classpath", "").split(File.pathSeparator))
          .filter(entry -> !entry.isBlank())
          .map(Path::of)
          .collect(Collectors.toList());
      String accept = values.getOrDefault("accept", "false");
      return new Options(required(values, "module"), Path.of(required(values, "classes")),
          Path.of(required(values, "dump")), classpath, accept.isEmpty() || Boolean.parseBoolean(accept));
    }

    private static String required(Map<String, String> values, String name) {
      String value = values.getOrDefault(name, "");
      if (value.isEmpty()) {
        throw new IllegalArgumentException("--" + name + " is required; usage: java ApiDump.java"
            + " --module NAME --classes DIR --classpath PATH --dump FILE [--accept true|false]");
      }
      return value;
    }
  }

  /**
   * The API of the classes in a directory, one block per exported package and per accessible type.
   *
   * @param classes a compiled module's class directory
   * @param classpath what those classes need to load (the directory itself may be on it)
   * @return the dump without its header
   * @throws IOException if the directory cannot be read
   * @throws ClassNotFoundException if a class file does not hold the class its path names
   */
  static String dump(Path classes, List<Path> classpath) throws IOException, ClassNotFoundException {
    Optional<Set<String>> exported = exportedPackages(classes);
    List<URL> urls = new ArrayList<>();
    urls.add(url(classes));
    for (Path entry : classpath) {
      urls.add(url(entry));
    }
    StringBuilder text = new StringBuilder();
    try (URLClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
      Map<String, List<String>> typesByPackage = classNamesByPackage(classes, exported);
      for (Map.Entry<String, List<String>> pkg : typesByPackage.entrySet()) {
        List<Class<?>> types = new ArrayList<>();
        for (String name : pkg.getValue()) {
          Class<?> type = Class.forName(name, false, loader);
          if (isAccessible(type)) {
            types.add(type);
          }
        }
        if (types.isEmpty()) {
          continue;
        }
        text.append('\n').append("package ").append(pkg.getKey())
            .append(packageAnnotations(pkg.getKey(), loader)).append('\n');
        types.sort(Comparator.comparing(Class::getName));
        for (Class<?> type : types) {
          text.append('\n').append(typeLine(type)).append('\n');
          for (String member : members(type)) {
            text.append("  ").append(member).append('\n');
          }
        }
      }
    }
    return text.toString();
  }

  private static URL url(Path path) {
    try {
      return path.toUri().toURL();
    } catch (MalformedURLException e) {
      throw new IllegalArgumentException("not a class path entry: " + path, e);
    }
  }

  /** The unqualified exports of the module descriptor; empty where there is no descriptor. */
  private static Optional<Set<String>> exportedPackages(Path classes) throws IOException {
    Path descriptor = classes.resolve("module-info.class");
    if (!Files.exists(descriptor)) {
      return Optional.empty();
    }
    try (InputStream in = Files.newInputStream(descriptor)) {
      return Optional.of(ModuleDescriptor.read(in).exports().stream()
          .filter(export -> !export.isQualified())
          .map(ModuleDescriptor.Exports::source)
          .collect(Collectors.toCollection(TreeSet::new)));
    }
  }

  /** Class names per package, of exported packages only: all but internal ones without a descriptor. */
  private static Map<String, List<String>> classNamesByPackage(Path classes, Optional<Set<String>> exported)
      throws IOException {
    Map<String, List<String>> byPackage = new TreeMap<>();
    try (Stream<Path> files = Files.walk(classes)) {
      for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
        String relative = classes.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
        String name = relative.substring(0, relative.length() - ".class".length()).replace('/', '.');
        int dot = name.lastIndexOf('.');
        String pkg = dot < 0 ? "" : name.substring(0, dot);
        String simple = name.substring(dot + 1);
        boolean included = exported
            .map(packages -> packages.contains(pkg))
            .orElse(!pkg.isEmpty() && !Arrays.asList(pkg.split("\\.")).contains("internal"));
        if (included && !simple.equals("package-info") && !simple.equals("module-info")) {
          byPackage.computeIfAbsent(pkg, p -> new ArrayList<>()).add(name);
        }
      }
    }
    return byPackage;
  }

  /** Public, or protected inside an accessible type, all the way out; never local or anonymous. */
  private static boolean isAccessible(Class<?> type) {
    if (type.isSynthetic() || type.isAnonymousClass() || type.isLocalClass()) {
      return false;
    }
    Class<?> outer = type.getDeclaringClass();
    if (outer == null) {
      return Modifier.isPublic(type.getModifiers());
    }
    return isVisible(type.getModifiers(), outer) && isAccessible(outer);
  }

  /** Public members, and protected ones where a user can subclass the type that declares them. */
  private static boolean isVisible(int modifiers, Class<?> declaringType) {
    return Modifier.isPublic(modifiers)
        || (Modifier.isProtected(modifiers) && !Modifier.isFinal(declaringType.getModifiers()));
  }

  private static String packageAnnotations(String pkg, ClassLoader loader) {
    try {
      Class<?> info = Class.forName(pkg + ".package-info", false, loader);
      String annotations = annotations(info).trim();
      return annotations.isEmpty() ? "" : " " + annotations;
    } catch (ClassNotFoundException e) {
      return "";
    }
  }

  private static String typeLine(Class<?> type) {
    String kind;
    int modifiers = type.getModifiers() & Modifier.classModifiers();
    if (type.isAnnotation()) {
      kind = "@interface";
      modifiers &= ~(Modifier.ABSTRACT | Modifier.STATIC);
    } else if (type.isInterface()) {
      kind = "interface";
      modifiers &= ~(Modifier.ABSTRACT | Modifier.STATIC);
    } else if (type.isEnum()) {
      kind = "enum";
      modifiers &= ~(Modifier.FINAL | Modifier.ABSTRACT | Modifier.STATIC);
    } else if (type.isRecord()) {
      kind = "record";
      modifiers &= ~(Modifier.FINAL | Modifier.STATIC);
    } else {
      kind = "class";
    }
    StringBuilder line = new StringBuilder(annotations(type));
    line.append(Modifier.toString(modifiers)).append(modifiers == 0 ? "" : " ");
    if (type.isSealed()) {
      line.append("sealed ");
    }
    line.append(kind).append(' ').append(type.getName()).append(typeParameters(type.getTypeParameters()));
    AnnotatedType superclass = type.getAnnotatedSuperclass();
    if (superclass != null && !type.isEnum() && !type.isRecord() && superclass.getType() != Object.class) {
      line.append(" extends ").append(format(superclass, false));
    }
    AnnotatedType[] interfaces = type.getAnnotatedInterfaces();
    if (interfaces.length > 0) {
      line.append(type.isInterface() ? " extends " : " implements ")
          .append(Stream.of(interfaces).map(t -> format(t, false)).sorted().collect(Collectors.joining(", ")));
    }
    if (type.isSealed()) {
      line.append(" permits ").append(Stream.of(type.getPermittedSubclasses())
          .map(Class::getName).sorted().collect(Collectors.joining(", ")));
    }
    return line.toString();
  }

  /** Member lines, fields first, then constructors, then methods, each group sorted by name. */
  private static List<String> members(Class<?> type) {
    List<String[]> members = new ArrayList<>();
    for (Field field : type.getDeclaredFields()) {
      if (!field.isSynthetic() && isVisible(field.getModifiers(), type)) {
        members.add(new String[] {"1 " + field.getName(), annotations(field)
            + modifiers(field.getModifiers() & Modifier.fieldModifiers())
            + format(field.getAnnotatedType(), false) + " " + field.getName()});
      }
    }
    for (Constructor<?> constructor : type.getDeclaredConstructors()) {
      if (!constructor.isSynthetic() && isVisible(constructor.getModifiers(), type)) {
        members.add(new String[] {"2 ", executable(constructor, type.getSimpleName(), "")});
      }
    }
    for (Method method : type.getDeclaredMethods()) {
      if (!method.isSynthetic() && !method.isBridge() && isVisible(method.getModifiers(), type)) {
        int modifiers = method.getModifiers() & Modifier.methodModifiers();
        if (type.isInterface()) {
          modifiers &= ~Modifier.PUBLIC;
        }
        String prefix = modifiers(modifiers) + (method.isDefault() ? "default " : "");
        members.add(new String[] {"3 " + method.getName(),
            executable(method, format(method.getAnnotatedReturnType(), false) + " " + method.getName(), prefix)});
      }
    }
    members.sort(Comparator.<String[], String>comparing(m -> m[0]).thenComparing(m -> m[1]));
    return members.stream().map(m -> m[1]).collect(Collectors.toList());
  }

  private static String executable(Executable executable, String nameWithReturn, String methodPrefix) {
    StringBuilder line = new StringBuilder(annotations(executable));
    line.append(executable instanceof Method ? methodPrefix : modifiers(executable.getModifiers() & Modifier.constructorModifiers()));
    String typeParameters = typeParameters(executable.getTypeParameters());
    if (!typeParameters.isEmpty()) {
      line.append(typeParameters).append(' ');
    }
    AnnotatedType[] parameters = executable.getAnnotatedParameterTypes();
    List<String> formatted = new ArrayList<>();
    for (int i = 0; i < parameters.length; i++) {
      formatted.add(format(parameters[i], executable.isVarArgs() && i == parameters.length - 1));
    }
    line.append(nameWithReturn).append('(').append(String.join(", ", formatted)).append(')');
    AnnotatedType[] exceptions = executable.getAnnotatedExceptionTypes();
    if (exceptions.length > 0) {
      line.append(" throws ").append(Stream.of(exceptions).map(t -> format(t, false)).sorted()
          .collect(Collectors.joining(", ")));
    }
    return line.toString();
  }

  private static String modifiers(int modifiers) {
    String text = Modifier.toString(modifiers);
    return text.isEmpty() ? "" : text + " ";
  }

  private static String typeParameters(TypeVariable<?>[] variables) {
    if (variables.length == 0) {
      return "";
    }
    List<String> formatted = new ArrayList<>();
    for (TypeVariable<?> variable : variables) {
      List<String> bounds = Stream.of(variable.getAnnotatedBounds())
          .filter(bound -> bound.getType() != Object.class || bound.getAnnotations().length > 0)
          .map(bound -> format(bound, false))
          .collect(Collectors.toList());
      formatted.add(annotations(variable) + variable.getName()
          + (bounds.isEmpty() ? "" : " extends " + String.join(" & ", bounds)));
    }
    return "<" + String.join(", ", formatted) + ">";
  }

  /**
   * A type as Java source writes it, with its type-use annotations ({@code @Nullable} and the like);
   * binary names for nested classes, so that the text does not depend on the JDK's own rendering.
   */
  private static String format(AnnotatedType type, boolean varargs) {
    String annotations = annotations(type);
    if (type instanceof AnnotatedArrayType array) {
      String brackets = varargs ? "..." : "[]";
      return format(array.getAnnotatedGenericComponentType(), false)
          + (annotations.isEmpty() ? "" : " " + annotations.trim() + " ") + brackets;
    }
    if (type instanceof AnnotatedParameterizedType parameterized) {
      Class<?> raw = (Class<?>) ((ParameterizedType) parameterized.getType()).getRawType();
      return annotations + raw.getName() + "<" + Stream.of(parameterized.getAnnotatedActualTypeArguments())
          .map(argument -> format(argument, false)).collect(Collectors.joining(", ")) + ">";
    }
    if (type instanceof AnnotatedWildcardType wildcard) {
      AnnotatedType[] lower = wildcard.getAnnotatedLowerBounds();
      AnnotatedType[] upper = wildcard.getAnnotatedUpperBounds();
      if (lower.length > 0) {
        return annotations + "? super " + format(lower[0], false);
      }
      boolean unbounded = upper.length == 0 || (upper[0].getType() == Object.class && upper[0].getAnnotations().length == 0);
      return annotations + "?" + (unbounded ? "" : " extends " + format(upper[0], false));
    }
    if (type instanceof AnnotatedTypeVariable variable) {
      return annotations + ((TypeVariable<?>) variable.getType()).getName();
    }
    Type plain = type.getType();
    return annotations + (plain instanceof Class<?> c ? c.getName() : plain.getTypeName());
  }

  /**
   * The annotations that are part of an API, each followed by a space: those javadoc shows
   * ({@code @Documented}: nullness, {@code @Deprecated}, {@code @Experimental}, Spring's), by name;
   * {@code forRemoval} too for {@code @Deprecated}. Their other values are not recorded.
   */
  private static String annotations(AnnotatedElement element) {
    return Stream.of(element.getDeclaredAnnotations())
        .map(ApiDump::annotation)
        .filter(text -> !text.isEmpty())
        .sorted()
        .map(text -> text + " ")
        .collect(Collectors.joining());
  }

  private static String annotation(Annotation annotation) {
    Class<? extends Annotation> type = annotation.annotationType();
    if (!type.isAnnotationPresent(Documented.class)) {
      return "";
    }
    if (annotation instanceof Deprecated deprecated && deprecated.forRemoval()) {
      return "@java.lang.Deprecated(forRemoval=true)";
    }
    return "@" + type.getName();
  }

  /**
   * The difference between two dumps, block by block (a package line, or a type with its members),
   * as indented "-" and "+" lines under the name of the block they belong to.
   *
   * @param expected the committed dump, empty if none
   * @param actual the dump of the classes now
   * @return the lines; for dumps that differ only in comments or blank lines, a line that says so
   */
  static String difference(String expected, String actual) {
    Map<String, List<String>> before = blocks(expected);
    Map<String, List<String>> after = blocks(actual);
    Set<String> names = new TreeSet<>(before.keySet());
    names.addAll(after.keySet());
    StringBuilder text = new StringBuilder();
    int removed = 0;
    int added = 0;
    for (String name : names) {
      List<String> old = before.getOrDefault(name, List.of());
      List<String> now = after.getOrDefault(name, List.of());
      List<String> gone = old.stream().filter(line -> !now.contains(line)).collect(Collectors.toList());
      List<String> come = now.stream().filter(line -> !old.contains(line)).collect(Collectors.toList());
      if (gone.isEmpty() && come.isEmpty()) {
        continue;
      }
      text.append("  ").append(name).append(":\n");
      gone.forEach(line -> text.append("    - ").append(line.strip()).append('\n'));
      come.forEach(line -> text.append("    + ").append(line.strip()).append('\n'));
      removed += gone.size();
      added += come.size();
    }
    if (removed + added > 0) {
      text.append("  (").append(removed).append(" lines removed or changed, ").append(added)
          .append(" added)\n");
    } else if (!expected.equals(actual)) {
      text.append("  (the same API; only comments or blank lines differ)\n");
    }
    return text.toString();
  }

  private static final Pattern TYPE_NAME = Pattern.compile("(?:class|interface|enum|record|@interface) ([^\\s<]+)");

  /** Blocks by name: "package p" for a package line, the binary name for a type and its members. */
  private static Map<String, List<String>> blocks(String dump) {
    Map<String, List<String>> blocks = new LinkedHashMap<>();
    List<String> current = null;
    for (String line : dump.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      if (!line.startsWith(" ")) {
        String name;
        if (line.startsWith("package ")) {
          name = "package " + line.split(" ")[1];
        } else {
          Matcher matcher = TYPE_NAME.matcher(line);
          name = matcher.find() ? matcher.group(1) : line;
        }
        current = blocks.computeIfAbsent(name, n -> new ArrayList<>());
      } else if (current == null) {
        current = blocks.computeIfAbsent("", n -> new ArrayList<>());
      }
      current.add(line);
    }
    return blocks;
  }
}
