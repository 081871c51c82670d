package org.utbackpack.host.utrex;

import java.time.Instant;

/**
 * One accepted request for a student's Backpack.
 *
 * @param willFail      decided at submit time (requestFailureRate): the request ends Failed, not Complete
 * @param neverComplete decided at submit time (neverCompleteRate): the request stays Processing for ever
 */
record BackpackRequest(String requestId, String ssid, String leaNumber, String requestType, String correlationId,
                       Instant created, boolean willFail, boolean neverComplete) {
}
