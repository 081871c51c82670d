/**
 * The UTREx simulator: the state's side of the Backpack exchange as the local SIS host runs it on
 * loopback for demos and tests (DESIGN §6).
 *
 * <ul>
 *   <li>{@link org.utbackpack.host.utrex.SimulatedStudent}: a student the state knows; the SSID seeds the
 *       whole history.</li>
 *   <li>{@link org.utbackpack.host.utrex.BackpackGenerator}: the deterministic Backpack document. TYPICAL
 *       students in grades 10-12 have 300-600 rows; VERY_LARGE grade-12 students have 4,000-8,000 with
 *       courseGrades above 1,500. Beyond the DESIGN fields, rows may carry {@code schoolName},
 *       {@code teacherCactusId} (attendance), {@code standard} (standards-based marks), {@code period}
 *       (Acadience window) and {@code predictedActRange} (Aspire Plus); readers ignore what they do not
 *       know. The assessment tables (labels, Acadience benchmark goals, RISE categories, ACT benchmarks) are
 *       data, in {@code assessments.json} beside {@code Assessments}.</li>
 *   <li>{@link org.utbackpack.host.utrex.UtrexSimulator}: the HTTP service. {@code POST /_control} takes any
 *       of latencyMs, failureRate, timeoutRate, rateLimitRate, tokenTtlSeconds, malformedRate, truncatedRate,
 *       requestFailureRate (requests end Failed), timeoutHoldMs (default 30000), seed, neverCompleteRate
 *       (requests stay Processing for ever), unknownStatusRate (polls answer a status outside the contract),
 *       dripRate with dripIntervalMs (a document sent one byte at a time), nonFiniteRate (documents with NaN,
 *       Infinity, 1e400 and impossible counts), oddIdRate (request ids with ../, spaces or 300 characters),
 *       rateLimitBurst (after a 429, that many more calls answered 429), plus the actions
 *       reset (fault defaults), resetStats and expireTokens; it answers with the settings now in force.
 *       {@code GET /_stats} returns submits per correlation id and per SSID (every accepted POST, repeats
 *       included), documentsServed, tokensIssued, requests (distinct requests created), statusPolls,
 *       httpRequests and the faults injected. Control calls are never delayed or failed.</li>
 * </ul>
 *
 * <p>A "timeout" on a submit is injected after the request was accepted (the answer is lost, not the
 * request), which is the case correlation ids exist for; on other calls it is injected before anything
 * happens. A truncated document is a clean HTTP answer whose JSON stops part-way.
 */
package org.utbackpack.host.utrex;
