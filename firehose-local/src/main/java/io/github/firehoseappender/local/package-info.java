/**
 * firehose-local's API: {@link io.github.firehoseappender.local.FirehoseLocal} (embed it in tests), its
 * {@link io.github.firehoseappender.local.FaultInjector} and {@link io.github.firehoseappender.local.FirehoseLocalMain}
 * ({@code java -jar}). The subpackages are its machinery, public only so the packages can reach each other: {@code http}
 * (the loopback server, requests, answers, routing), {@code api} (the Firehose, STS and admin operations, their bodies
 * and errors), {@code auth} (SigV4, credentials, roles, sessions), {@code delivery} (streams, buffering, prefixes, the
 * S3-shaped folder) and {@code faults} (fault decisions and quotas). Nothing outside this module should use them.
 */
package io.github.firehoseappender.local;
