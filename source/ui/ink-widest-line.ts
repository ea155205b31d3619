// Put in place of the widest-line package for Ink's own modules when the bundle is built.
export {widestLine as default} from './ink-output.js';
