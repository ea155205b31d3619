import type {ViewState} from '../store/view-store.js';
import {defineAction, type Action, type Scope} from './types.js';

/** The view's orderings, each a column and a direction. */
type SortField = 'sort' | 'imageSort' | 'volumeSort' | 'networkSort';

/** `o` steps a list's order to the next column, `O` reverses it. */
export function sortActions<F extends SortField>(scope: Scope & string, field: F, columns: ReadonlyArray<ViewState[F]['column']>): Action[] {
	const prefix = scope.replace(/s$/, '');
	return [
		defineAction({
			id: `${prefix}.sort`,
			hint: 'sort',
			title: `Sort by the next column (${columns.join(', ')})`,
			keys: ['o'],
			scope,
			run(ctx) {
				ctx.view.change(state => {
					const next = columns[(columns.indexOf(state[field].column) + 1) % columns.length]!;
					return {...state, [field]: {column: next, reverse: false}};
				});
			},
		}),
		defineAction({
			id: `${prefix}.reverse`,
			title: 'Reverse the order',
			keys: ['O'],
			scope,
			run(ctx) {
				ctx.view.change(state => ({...state, [field]: {...state[field], reverse: !state[field].reverse}}));
			},
		}),
	];
}
