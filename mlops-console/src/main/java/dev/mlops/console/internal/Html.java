package dev.mlops.console.internal;

import dev.mlops.core.drift.internal.HtmlText;
import org.jspecify.annotations.Nullable;

/**
 * Writes an HTML document. Markup comes only from {@link #raw} with constant strings written in
 * this module; every value (a name, tag, description, feature, message, number) goes through
 * {@link #text} or {@link #attr}, which escape it for element content and for double-quoted
 * attribute values alike ({@code & < > " '}, control characters replaced, as the drift report
 * does), and every link through {@link Urls}, which percent-encodes each part.
 * Values never reach a script, a style or an unquoted attribute.
 */
final class Html {

  private final StringBuilder out = new StringBuilder(16 * 1024);

  /**
   * Appends markup written in this module; never a value that came from a user or a file.
   *
   * @param markup constant markup
   * @return this writer
   */
  Html raw(String markup) {
    out.append(markup);
    return this;
  }

  /**
   * Appends a value as text.
   *
   * @param value any value, null shown as nothing
   * @return this writer
   */
  Html text(@Nullable Object value) {
    if (value != null) {
      out.append(HtmlText.escape(value.toString()));
    }
    return this;
  }

  /**
   * Appends an attribute, {@code  name="value"}, with the value escaped.
   *
   * @param name a constant attribute name
   * @param value the value
   * @return this writer
   */
  Html attr(String name, @Nullable Object value) {
    out.append(' ').append(name).append("=\"");
    if (value != null) {
      out.append(HtmlText.escape(value.toString()));
    }
    out.append('"');
    return this;
  }

  /**
   * Appends a link.
   *
   * @param href a URL built by {@link Urls}
   * @param label the text
   * @return this writer
   */
  Html link(String href, @Nullable Object label) {
    return raw("<a").attr("href", href).raw(">").text(label).raw("</a>");
  }

  /**
   * Appends an element holding text: {@code <tag>value</tag>}.
   *
   * @param tag a constant tag name
   * @param value the text
   * @return this writer
   */
  Html element(String tag, @Nullable Object value) {
    return raw("<" + tag + ">").text(value).raw("</" + tag + ">");
  }

  /**
   * Appends an element with a class, holding text.
   *
   * @param tag a constant tag name
   * @param cssClass a constant class name
   * @param value the text
   * @return this writer
   */
  Html element(String tag, String cssClass, @Nullable Object value) {
    return raw("<" + tag).attr("class", cssClass).raw(">").text(value).raw("</" + tag + ">");
  }

  /**
   * Appends a hidden form field.
   *
   * @param name the field name
   * @param value its value
   * @return this writer
   */
  Html hidden(String name, @Nullable Object value) {
    return raw("<input type=\"hidden\"").attr("name", name).attr("value", value).raw(">");
  }

  /**
   * The document so far.
   *
   * @return the HTML
   */
  @Override
  public String toString() {
    return out.toString();
  }

  /**
   * Escapes text for element content and for quoted attribute values.
   *
   * @param text the text
   * @return the escaped text
   */
  static String escape(String text) {
    return HtmlText.escape(text);
  }
}
