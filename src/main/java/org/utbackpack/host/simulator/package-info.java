/**
 * What the UTREx and USIMS simulators share, so each keeps only what differs (its settings, faults, state
 * and routes):
 *
 * <ul>
 *   <li>{@link org.utbackpack.host.simulator.SimulatorServer}: one servlet on 127.0.0.1 under a context path,
 *       error pages without stack traces, Jetty's gzip handler on the paths a simulator names.</li>
 *   <li>{@link org.utbackpack.host.simulator.SimulatedService}: the one client accepted, bearer tokens, the
 *       seeded dice faults are rolled with, the counters behind {@code /_stats}, and waits that end when the
 *       simulator closes.</li>
 *   <li>{@link org.utbackpack.host.simulator.Routes}: the route table a servlet dispatches through.</li>
 *   <li>{@link org.utbackpack.host.simulator.ServiceSettings}: the client, LEA, port and clock a simulator
 *       starts with; {@link org.utbackpack.host.simulator.ServiceFaults}: the faults both take through
 *       {@code /_control} under the same names; {@link org.utbackpack.host.simulator.FaultSettings}: how a
 *       {@code /_control} body sets one fault.</li>
 *   <li>{@link org.utbackpack.host.simulator.UtahTime}: the host's Utah time zone.</li>
 * </ul>
 */
package org.utbackpack.host.simulator;
