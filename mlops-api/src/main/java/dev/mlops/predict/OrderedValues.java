package dev.mlops.predict;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * An immutable map that keeps its keys' order in two arrays: the outputs of one prediction. The
 * names array may be shared by every prediction of a model (they are the model's fields), so a
 * row costs one small array of values instead of a hash map.
 */
final class OrderedValues extends AbstractMap<String, Object> {

  private static final OrderedValues EMPTY = new OrderedValues(new String[0], new Object[0]);

  private final String[] names;
  private final Object[] values;

  /** Takes the arrays as they are: the caller no longer writes them. */
  OrderedValues(String[] names, Object[] values) {
    this.names = names;
    this.values = values;
  }

  /** The map itself if it is one, else an ordered immutable copy; null values are dropped. */
  static OrderedValues copyOf(Map<String, Object> map) {
    if (map instanceof OrderedValues ordered) {
      return ordered;
    }
    if (map.isEmpty()) {
      return EMPTY;
    }
    String[] names = new String[map.size()];
    Object[] values = new Object[map.size()];
    int n = 0;
    for (Map.Entry<String, Object> e : map.entrySet()) {
      if (e.getValue() != null) {
        names[n] = Objects.requireNonNull(e.getKey(), "output name");
        values[n++] = e.getValue();
      }
    }
    return n == names.length ? new OrderedValues(names, values)
        : new OrderedValues(java.util.Arrays.copyOf(names, n), java.util.Arrays.copyOf(values, n));
  }

  @Override
  public int size() {
    return names.length;
  }

  @Override
  public @Nullable Object get(@Nullable Object key) {
    for (int i = 0; i < names.length; i++) {
      if (names[i].equals(key)) {
        return values[i];
      }
    }
    return null;
  }

  @Override
  public boolean containsKey(@Nullable Object key) {
    return get(key) != null;
  }

  @Override
  public Set<Map.Entry<String, Object>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public Iterator<Map.Entry<String, Object>> iterator() {
        return new Iterator<>() {
          private int next;

          @Override
          public boolean hasNext() {
            return next < names.length;
          }

          @Override
          public Map.Entry<String, Object> next() {
            if (next >= names.length) {
              throw new NoSuchElementException();
            }
            int i = next++;
            return new SimpleImmutableEntry<>(names[i], values[i]);
          }
        };
      }

      @Override
      public int size() {
        return names.length;
      }
    };
  }
}
