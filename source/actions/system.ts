import {defineAction, type Action} from './types.js';

export const systemActions: Action[] = [
	defineAction({
		id: 'events.pause',
		hint: 'pause',
		title: 'Pause or resume the events list (events keep arriving)',
		keys: ['p'],
		scope: 'events',
		run(ctx) {
			const {total} = ctx.events.get();
			ctx.view.change(state => ({...state, mainScroll: 0, events: {...state.events, pausedAt: state.events.pausedAt === undefined ? total : undefined}}));
		},
	}),
	defineAction({
		id: 'events.filter',
		hint: 'filter',
		title: 'Filter events by words, or type:NAME (container, image, volume, network…)',
		keys: ['/'],
		scope: 'events',
		run(ctx) {
			ctx.view.change(state => ({...state, mainScroll: 0, input: {purpose: 'events', text: state.events.filter}}));
		},
	}),
];
