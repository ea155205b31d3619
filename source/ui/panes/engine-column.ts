import type {ConnectionStatus} from '../../engine/types.js';
import {sanitize} from '../../format/index.js';
import {t} from '../../i18n/translate.js';
import {splitKey} from '../../format/engine-key.js';
import type {ModelState} from '../../store/model-store.js';
import {isUp} from '../../store/selectors.js';
import type {PaneId} from '../../store/view-store.js';
import {glyph} from '../glyphs.js';
import type {Column} from './table.js';

/**
 * The engine a row came from. Its cells are empty with one engine, so the column is left out
 * (see fitTable); with several it fits right after the name and the state.
 */
export const ENGINE_COLUMN: Column = {get title() { return t('ENGINE'); }, min: 4, max: 16, priority: 1.5};

/** "connected", "connecting" or "reconnecting", in the user's language. */
export function connectionWord(status: ConnectionStatus): string {
	return status === 'connected' ? t('connected') : status === 'connecting' ? t('connecting') : t('reconnecting');
}

/** The ENGINE cell of an object that carries its engine, or of a key qualified by one. */
export function engineCell(object: {engine?: string} | string): string {
	return sanitize((typeof object === 'string' ? splitKey(object).engine : object.engine) ?? '');
}

/** Per engine, with several: " (local 2/6 · prod 1/4)" up/all containers, or " (local 5 · prod 3)" objects. */
export function engineTotals(model: ModelState, pane: PaneId): string {
	if (model.engines.size < 2) {
		return '';
	}

	const counts = new Map<string, {up: number; all: number}>([...model.engines.keys()].map(name => [name, {up: 0, all: 0}]));
	const count = (engine: string | undefined, up: boolean): void => {
		const entry = engine === undefined ? undefined : counts.get(engine);
		if (entry) {
			entry.all++;
			entry.up += Number(up);
		}
	};

	if (pane === 'containers') {
		for (const container of model.containers.values()) {
			count(container.engine, isUp(container));
		}
	} else if (pane === 'images' || pane === 'volumes' || pane === 'networks') {
		for (const item of model[pane]) {
			count(item.engine, false);
		}
	} else {
		return '';
	}

	const parts = [...counts].map(([name, {up, all}]) => `${sanitize(name)} ${pane === 'containers' ? `${up}/${all}` : all}`);
	return ` (${parts.join(` ${glyph.separator} `)})`;
}
