package org.widenet.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import org.widenet.math.Blas;

/** Facts about the software a run used: widenet, Spark, Java and BLAS versions. */
public final class Provenance {
  private Provenance() {}

  /** widenet's own version, from the build. */
  public static String widenetVersion() {
    try (InputStream in = Provenance.class.getResourceAsStream("/org/widenet/version.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties props = new Properties();
      props.load(in);
      return props.getProperty("version", "unknown");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The Spark version on the classpath. */
  public static String sparkVersion() {
    return org.apache.spark.package$.MODULE$.SPARK_VERSION();
  }

  /** The BLAS implementation dev.ludovic.netlib resolved in this JVM. */
  public static String blas() {
    return Blas.implementationName();
  }

  /**
   * Puts widenet_version, spark_version, blas, java and host into a summary map (the
   * provenance keys every summary.json carries).
   */
  public static void describe(java.util.Map<String, Object> summary) {
    summary.put("widenet_version", widenetVersion());
    summary.put("spark_version", sparkVersion());
    summary.put("blas", blas());
    summary.put("java", javaVersion());
    summary.put("host", hostName());
  }

  /** This machine's host name, or "unknown". */
  public static String hostName() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown";
    }
  }

  public static String javaVersion() {
    return System.getProperty("java.vm.name") + " " + System.getProperty("java.version");
  }
}
