/** Request and response snapshots, captured while bodies stream, with secrets redacted. */
package io.middlewaretrace.snapshot;
