package org.widenet.cli;

/**
 * One command-line option: its name without the dashes, whether it takes a value, the value's
 * placeholder and default as shown in help, one line of help, and whether it may be given more
 * than once on the command line (a non-repeatable option given twice is an error).
 */
record OptionSpec(String name, boolean takesValue, String placeholder, String defaultText,
    String help, boolean repeatable) {

  static OptionSpec flag(String name, String help) {
    return new OptionSpec(name, false, "", "", help, false);
  }

  static OptionSpec value(String name, String placeholder, String defaultText, String help) {
    return new OptionSpec(name, true, placeholder, defaultText, help, false);
  }

  /** A value option that may be given several times; every value is kept, in order. */
  static OptionSpec repeatable(String name, String placeholder, String help) {
    return new OptionSpec(name, true, placeholder, "", help, true);
  }
}
