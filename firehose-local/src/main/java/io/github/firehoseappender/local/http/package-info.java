/** The JDK HTTP(S) server on 127.0.0.1, requests read whole, answers (late, cut or dropped on purpose) and routing. Not API. */
package io.github.firehoseappender.local.http;
