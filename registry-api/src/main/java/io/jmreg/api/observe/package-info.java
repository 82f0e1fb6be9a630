/** Observing every registry operation from the one pipeline they pass: the SPI metrics and tracing adapters implement. */
package io.jmreg.api.observe;
