/** Who signed a call: SigV4 checks, the keys firehose-local knows, the roles STS issues sessions for. Knows no API's wire format. Not API. */
package io.github.firehoseappender.local.auth;
