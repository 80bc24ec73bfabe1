package org.widenet.cli;

/**
 * One command-line option: its name without the dashes, whether it takes a value, the value's
 * placeholder and default as shown in help, and one line of help.
 */
record OptionSpec(String name, boolean takesValue, String placeholder, String defaultText,
    String help) {

  static OptionSpec flag(String name, String help) {
    return new OptionSpec(name, false, "", "", help);
  }

  static OptionSpec value(String name, String placeholder, String defaultText, String help) {
    return new OptionSpec(name, true, placeholder, defaultText, help);
  }
}
