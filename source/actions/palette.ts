import {defineAction, type Action} from './types.js';

/** The `:` key: opens the command palette (its keys and entries: palette-keys.ts). */
export const paletteActions: Action[] = [
	defineAction({
		id: 'palette',
		hint: 'commands',
		title: 'Command palette: find any action, pane, object or engine by typing (:images, :logs web, :ctx prod, :run nginx, :prune)',
		keys: [':'],
		scope: 'global',
		run(ctx) {
			const engines = ctx.engines.choices().map(choice => choice.name);
			ctx.view.change(state => ({...state, input: undefined, help: false, palette: {text: '', index: 0, engines}}));
		},
	}),
];
