/**
 * Registers TensorFlow.js's gradient functions. `@tensorflow/tfjs-core` alone registers none; the full
 * `@tensorflow/tfjs` package registers them with the same core instance when it loads (in Node through its
 * CommonJS bundle, under Vite through its ES modules), so importing it is the one way that works in both.
 */
import '@tensorflow/tfjs';
