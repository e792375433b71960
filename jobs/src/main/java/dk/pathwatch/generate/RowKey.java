package dk.pathwatch.generate;

import java.util.Objects;

/**
 * A key of up to four parts (null allowed) for grouping a person's rows, e.g. (episode, code, date, time of
 * day). Equal and hashed exactly like {@code List.of(a, b, c, d)}, so that hash maps keyed by it iterate in the
 * same order as the list keys it replaces (the truth's row order stays the same), without building a list.
 */
final class RowKey {
  private final Object a;
  private final Object b;
  private final Object c;
  private final Object d;
  private final int size;
  private final int hash;

  private RowKey(int size, Object a, Object b, Object c, Object d) {
    this.size = size;
    this.a = a;
    this.b = b;
    this.c = c;
    this.d = d;
    int h = 1;
    Object[] parts = {a, b, c, d};
    for (int i = 0; i < size; i++) {
      h = 31 * h + (parts[i] == null ? 0 : parts[i].hashCode());
    }
    this.hash = h;
  }

  static RowKey of(Object a, Object b) {
    return new RowKey(2, a, b, null, null);
  }

  static RowKey of(Object a, Object b, Object c, Object d) {
    return new RowKey(4, a, b, c, d);
  }

  /** The second part (e.g. the family of a (person, family) key). */
  Object second() {
    return b;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RowKey k && k.size == size && k.hash == hash && Objects.equals(a, k.a)
        && Objects.equals(b, k.b) && Objects.equals(c, k.c) && Objects.equals(d, k.d);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public String toString() {
    return size == 2 ? "[" + a + ", " + b + "]" : "[" + a + ", " + b + ", " + c + ", " + d + "]";
  }
}
