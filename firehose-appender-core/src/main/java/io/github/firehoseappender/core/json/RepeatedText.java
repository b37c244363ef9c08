package io.github.firehoseappender.core.json;

/**
 * The escaped UTF-8 of the last string one field had, kept for the next event: a logger's name, a thread's name, the
 * level and the per-process columns are the same String instance event after event (the framework hands over the
 * name it holds), so they are escaped once and then copied. Identity, not equality: a check costs one comparison,
 * and a new instance with the same text is merely escaped again. Sender thread only.
 */
final class RepeatedText {
    String last;
    byte[] bytes;
}
