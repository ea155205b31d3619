import type {Action} from './types.js';

export const containerOpsActions: Action[] = [];
