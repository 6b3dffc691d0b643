// Node-only: lets plain Node (with tsx) load tfjs-core's ES-module build, whose bare
// specifiers like './gradients' mean the file gradients.js although a folder of that name
// exists too (bundlers resolve that; Node's ESM loader refuses a directory import).
import { register } from 'node:module';

register('./resolve.mjs', import.meta.url);
