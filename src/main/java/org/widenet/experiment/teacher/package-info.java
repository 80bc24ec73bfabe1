/**
 * The teacher-student experiment of Song, Ramezani-Kebrya, Pethick, Eftekhari, Cevher (2021),
 * Section 6 and Appendix G: how the ratio omega2 / omega1 of the two layers' initialization
 * scales, at a fixed product, changes the generalization of wide two-layer GeLU students.
 */
package org.widenet.experiment.teacher;
