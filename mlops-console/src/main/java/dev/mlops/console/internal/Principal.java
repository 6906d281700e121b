package dev.mlops.console.internal;

/**
 * Who is using the console.
 *
 * @param name the user name (basic authentication), the name given at sign-in with the token,
 *     {@code token} for a token without a name, or {@code anonymous} where no authentication is
 *     configured
 * @param key what CSRF tokens are bound to: the session id for a signed-in browser, else a
 *     value naming the credentials
 * @param session whether the principal comes from a sign-in session (and can sign out)
 */
record Principal(String name, String key, boolean session) {

  static final Principal ANONYMOUS = new Principal("anonymous", "anonymous", false);

  /**
   * The actor recorded in the audit log for this principal's changes.
   *
   * @return such as {@code ui:alice}
   */
  String actor() {
    return "ui:" + name;
  }
}
