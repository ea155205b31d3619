import {OBJECT_SORTS} from '../store/view-store.js';
import {sortActions} from './sorting.js';
import type {Action} from './types.js';

export const networkActions: Action[] = [...sortActions('networks', 'networkSort', OBJECT_SORTS)];
