/**
 * Registers TensorFlow.js's gradient functions. `@tensorflow/tfjs-core` alone registers none; the full
 * `@tensorflow/tfjs` package registers them with the same core instance when it loads (in Node through its
 * CommonJS bundle, under Vite through its ES modules), so importing it is the one way that works in both.
 * Then the few gradients Tilde replaces (tile-gradient.ts: `Tile` at any rank).
 */
import '@tensorflow/tfjs';
// After tfjs's own registrations, so these replace them.
import './tile-gradient.js';
