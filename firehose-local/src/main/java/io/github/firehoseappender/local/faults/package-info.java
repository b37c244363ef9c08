/** What fails, and when: planned faults and per-stream quotas, decided call by call. The settings API is the root package's FaultInjector. Not API. */
package io.github.firehoseappender.local.faults;
