/** Imports every command module once, in help order, so each registers itself with the program. */
import './check.js';
import './compile.js';
import './train.js';
import './eval.js';
import './predict.js';
import './sample.js';
import './plot.js';
import './lsp.js';
