/** The operations answered on the port: Firehose (JSON 1.1), STS (query protocol, XML) and the admin endpoint, with their errors. Not API. */
package io.github.firehoseappender.local.api;
