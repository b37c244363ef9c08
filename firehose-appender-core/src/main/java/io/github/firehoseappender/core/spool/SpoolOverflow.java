package io.github.firehoseappender.core.spool;

/** What a full spool gives up; either way {@link SpoolListener#overflowed} is told and the loss is counted. */
public enum SpoolOverflow {
    /** Deletes the oldest segments (never the one being written) and reports their unread frames. */
    DROP_OLDEST,
    /** Refuses the new frame. */
    DROP_NEWEST
}
