/** The model an alias selects, loaded from its verified files and swapped atomically when the alias moves. */
package io.jmreg.serving;
