/** Delivery streams: what they accepted, their buffers, prefixes and the folder laid out as S3. Knows no API's wire format. Not API. */
package io.github.firehoseappender.local.delivery;
