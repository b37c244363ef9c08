/**
 * The on-disk spool: calls written on the sender thread before they are sent, replayed after a restart; bounded and
 * checksummed. {@link io.github.firehoseappender.core.spool.Spool} is the entry point.
 *
 * <h2>Files</h2>
 * A spool directory holds {@code lock} (locked while a spool has it open), {@code ack} and segment files named by
 * the logical offset of their first byte, 20 digits, e.g. {@code 00000000000000000000.spool}. Logical offsets are
 * monotonic across segments and processes: a segment starts where the previous one ended, and each process starts
 * a new segment past every existing segment's end and the acknowledgement pointer. The sum of segment file sizes
 * never exceeds {@code maxBytes}.
 *
 * <h2>Frame: one call (all integers big-endian)</h2>
 * <pre>
 * header, 36 bytes:
 *   0  int    magic "FHS1" (0x46485331)
 *   4  short  format version (1)
 *   6  short  reserved (0)
 *   8  int    payload length
 *  12  int    events
 *  16  int    record count (at least 1)
 *  20  long   firstIndex of the first record
 *  28  int    CRC32C of the payload
 *  32  int    CRC32C of header bytes 0-31
 * payload, per record:
 *   int length, int events, long firstIndex, then length bytes of data
 * </pre>
 * The per-record firstIndex (not needed to replay: replayed records get -1) lets a frame of this process read back
 * from disk carry the indexes it was appended with even when its records are not consecutive (a retry of the
 * failed entries of a call).
 *
 * <h2>Acknowledgement file</h2>
 * Two 20-byte slots, at bytes 0 and 512, written alternately: long sequence, long acknowledged logical offset (the
 * end of the last frame delivered), int CRC32C of the 16 bytes before it. Open takes the valid slot with the higher
 * sequence. If neither is valid, every frame on disk is replayed: duplicates are possible, loss is not.
 *
 * <h2>Recovery on open</h2>
 * Segments wholly before the pointer are deleted. In the others, frame headers are walked from the pointer (or the
 * segment start), seeking by length without reading payloads; the unacknowledged frames go to an in-memory index
 * (position, length, counts, firstIndex) from which depth and overflow counts come. A bad header in a segment other
 * than the last: the rest of that segment is skipped and reported through
 * {@link io.github.firehoseappender.core.spool.SpoolListener#corrupted} with events 0 (unknown). In the last
 * segment a torn or garbled tail is cut off, as a crash leaves one: silently when the header itself is unreadable
 * (nothing in it is known), reported as corrupted with the header's counts when the header is intact but its payload
 * is incomplete or the last frame fails its payload checksum. Payload checksums of other frames are checked when
 * {@code next()} reads them back; a frame failing then is reported and skipped.
 *
 * <h2>Writes and syncs</h2>
 * One positional write per frame, from one direct buffer (the JDK would copy heap arrays into temporary direct
 * buffers anyway). {@code BATCH} forces data on every append and the pointer on every acknowledgement;
 * {@code INTERVAL} forces both from {@code syncIfDue} at most every syncInterval and on close, and a segment's data
 * when it rolls. A segment rolls when the next frame would pass segmentBytes, unless it is empty: a frame larger
 * than a segment goes alone into one.
 */
package io.github.firehoseappender.core.spool;
