package dev.mlops.predict;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * An immutable map that keeps its keys' order in an array: the outputs of one prediction. The
 * names array may be shared by every prediction of a model (they are the model's fields), so a
 * row costs its values instead of a hash map; a subclass may compute the values from what the row
 * already holds ({@link PredictionFields#outputs(java.util.List, Object)}).
 */
abstract class OrderedValues extends AbstractMap<String, Object> {

  private static final OrderedValues EMPTY = of(new String[0], new Object[0]);

  private final String[] names;

  /** Takes the array as it is: the caller no longer writes it. */
  OrderedValues(String[] names) {
    this.names = names;
  }

  /** The value of the {@code i}-th name, never null. */
  abstract Object value(int i);

  /** A map of the given names and values, which the caller no longer writes. */
  static OrderedValues of(String[] names, Object[] values) {
    return new OrderedValues(names) {
      @Override
      Object value(int i) {
        return values[i];
      }
    };
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
    return n == names.length ? of(names, values)
        : of(Arrays.copyOf(names, n), Arrays.copyOf(values, n));
  }

  @Override
  public int size() {
    return names.length;
  }

  @Override
  public @Nullable Object get(@Nullable Object key) {
    for (int i = 0; i < names.length; i++) {
      if (names[i].equals(key)) {
        return value(i);
      }
    }
    return null;
  }

  @Override
  public boolean containsKey(@Nullable Object key) {
    for (String name : names) {
      if (name.equals(key)) {
        return true;
      }
    }
    return false;
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
            return new SimpleImmutableEntry<>(names[i], value(i));
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
