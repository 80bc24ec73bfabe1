package org.widenet.experiment.teacher;

/** The student trainers the command line can name. */
public final class Students {
  /** The default: smooth2 where the build has it, else the driver-side net. */
  public static final String DEFAULT = "driver";

  private Students() {}

  /**
   * The trainer called {@code name} for these settings.
   *
   * @throws IllegalArgumentException for a name this build does not have
   */
  public static StudentTrainer named(String name, TeacherStudentSettings s) {
    switch (name) {
      case "driver":
        return new DriverStudent(s.width(), s.epochs(), s.batch(), s.lr());
      default:
        throw new IllegalArgumentException("--student \"" + name + "\": this build has "
            + "driver only (smooth2 arrives with the smooth2 family)");
    }
  }
}
