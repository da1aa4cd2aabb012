/** Auto-configuration of stage traces and the stage-recording wrappers. */
package io.middlewaretrace.autoconfigure.stage;
