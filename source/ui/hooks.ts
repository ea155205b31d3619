import {useEffect, useState, useSyncExternalStore} from 'react';
import {useStdout} from 'ink';
import type {ModelState} from '../store/model-store.js';
import type {Listener} from '../store/observable.js';
import type {ViewState} from '../store/view-store.js';
import {useApp} from './app-context.js';

interface Readable<S> {
	get(): S;
	subscribe(listener: Listener): () => void;
}

export function useStore<S>(store: Readable<S>): S {
	return useSyncExternalStore(store.subscribe, store.get, store.get);
}

export function useModel(): ModelState {
	return useStore(useApp().model);
}

export function useView(): ViewState {
	return useStore(useApp().view);
}

export interface TerminalSize {
	columns: number;
	rows: number;
}

function sizeOf(stdout: NodeJS.WriteStream): TerminalSize {
	return {columns: stdout.columns || 80, rows: stdout.rows || 24};
}

export function useTerminalSize(): TerminalSize {
	const {stdout} = useStdout();
	const [size, setSize] = useState(() => sizeOf(stdout));
	useEffect(() => {
		const onResize = (): void => {
			setSize(sizeOf(stdout));
		};

		stdout.on('resize', onResize);
		return () => {
			stdout.off('resize', onResize);
		};
	}, [stdout]);
	return size;
}

/** The time to show, from the app's one clock, which ticks at least every `periodMs` (none: only with the data). */
export function useNow(periodMs: number | undefined): number {
	const {clock} = useApp();
	useEffect(() => (periodMs === undefined ? undefined : clock.request(periodMs)), [clock, periodMs]);
	return useStore(clock);
}
