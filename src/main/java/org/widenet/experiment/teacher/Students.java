package org.widenet.experiment.teacher;

/** The student trainers the command line can name. */
public final class Students {
  /** The default: the smooth2 family, GeLU with both layers trained. */
  public static final String DEFAULT = "smooth2";

  private Students() {}

  /**
   * The trainer called {@code name} for these settings.
   *
   * @throws IllegalArgumentException for a name this build does not have
   */
  public static StudentTrainer named(String name, TeacherStudentSettings s) {
    switch (name) {
      case "smooth2":
        return new SmoothStudent(s.width(), s.epochs(), s.batch(), s.lr(), 1, null);
      case "driver":
        return new DriverStudent(s.width(), s.epochs(), s.batch(), s.lr());
      default:
        throw new IllegalArgumentException("--student \"" + name + "\": choose smooth2 or "
            + "driver");
    }
  }
}
