import {fuzzyScore} from '../format/fuzzy.js';
import {keyLabel} from './keys.js';
import type {Action, Scope} from './types.js';
import {t} from '../i18n/translate.js';

/** What choosing a palette entry does. */
export type PaletteCommand =
	| {kind: 'action'; actionId: string}
	| {kind: 'logs'; containerId: string}
	| {kind: 'select'; target: 'container' | 'image' | 'volume' | 'network'; key: string}
	| {kind: 'engine'; name: string}
	| {kind: 'run'; image: string};

export interface PaletteEntry {
	/** Stable across openings, so recently used entries can be found again. */
	id: string;
	/** What the user types to find it: "logs web", "prune", "container.stop Stop". */
	words: string;
	/** What it does, as shown. */
	title: string;
	/** The key that does the same without the palette, as help writes it. */
	key?: string;
	/** An action's scope: where its key works, which ranks it higher there. */
	scope?: Scope;
	command: PaletteCommand;
}

/** What the palette offers entries for. Names come from the engine: the UI sanitises what it shows. */
export interface PaletteSources {
	actions: readonly Action[];
	containers: ReadonlyArray<{id: string; name: string}>;
	images: ReadonlyArray<{id: string; tags: readonly string[]}>;
	volumes: ReadonlyArray<{name: string}>;
	networks: ReadonlyArray<{id: string; name: string}>;
	/** The engine switcher's choices, by name. */
	engines: readonly string[];
	/** What is typed so far: `run IMAGE` offers to run an image not in the list. */
	text: string;
}

/** Short words that find an action the way k9s and the docker CLI name it. */
const ALIASES: Readonly<Record<string, string>> = {
	'system.prune': 'prune',
	'engine.contexts': 'ctx contexts',
	'commands.log': 'log history',
	'container.create': 'run',
	'list.filter': 'filter',
	quit: 'q quit',
	help: 'help',
};

function aliasesOf(action: Action): string {
	// The pane actions are found by the pane's name: `:images`.
	return action.id.startsWith('pane.') ? action.id.slice(5) : (ALIASES[action.id] ?? '');
}

/** Every entry of the palette: the actions that have keys, then objects and engines by name. */
export function paletteEntries(sources: PaletteSources): PaletteEntry[] {
	const entries: PaletteEntry[] = [];
	for (const action of sources.actions) {
		// Panes past the tenth have no number key: the palette is how they are reached. The palette
		// itself is not offered: its title quotes what is typed in it (":logs web"), and choosing it
		// would only open it again.
		if (action.step || action.id === 'palette' || (action.keys.length === 0 && !action.id.startsWith('pane.'))) {
			continue;
		}

		const alias = aliasesOf(action);
		entries.push({
			id: `action:${action.id}`,
			words: `${alias === '' ? '' : `${alias} `}${action.id} ${action.title} ${t(action.title)}`,
			title: t(action.title),
			...(action.keys[0] === undefined ? {} : {key: keyLabel(action.keys[0])}),
			scope: action.scope,
			command: {kind: 'action', actionId: action.id},
		});
	}

	for (const container of sources.containers) {
		entries.push({id: `logs:${container.id}`, words: `logs ${container.name}`, title: t('Show the logs of {name}', {name: container.name}), command: {kind: 'logs', containerId: container.id}});
	}

	for (const container of sources.containers) {
		entries.push({id: `container:${container.id}`, words: `container ${container.name}`, title: t('Select container {name}', {name: container.name}), command: {kind: 'select', target: 'container', key: container.id}});
	}

	for (const image of sources.images) {
		const name = image.tags[0] ?? image.id.replace(/^sha256:/, '').slice(0, 12);
		entries.push({id: `image:${image.id}`, words: `image ${name}`, title: t('Select image {name}', {name}), command: {kind: 'select', target: 'image', key: image.id}});
	}

	for (const volume of sources.volumes) {
		entries.push({id: `volume:${volume.name}`, words: `volume ${volume.name}`, title: t('Select volume {name}', {name: volume.name}), command: {kind: 'select', target: 'volume', key: volume.name}});
	}

	for (const network of sources.networks) {
		entries.push({id: `network:${network.id}`, words: `network ${network.name}`, title: t('Select network {name}', {name: network.name}), command: {kind: 'select', target: 'network', key: network.id}});
	}

	for (const name of sources.engines) {
		entries.push({id: `ctx:${name}`, words: `ctx ${name}`, title: t('Switch to engine {name}', {name}), command: {kind: 'engine', name}});
	}

	const tags = sources.images.flatMap(image => image.tags);
	for (const tag of tags) {
		entries.push({id: `run:${tag}`, words: `run ${tag}`, title: t('Run a new container from {image} (the form)', {image: tag}), command: {kind: 'run', image: tag}});
	}

	// `run IMAGE` with an image not pulled yet: the form pulls nothing, but the engine's refusal says so.
	const typedImage = /^run\s+(\S+)\s*$/.exec(sources.text)?.[1];
	if (typedImage !== undefined && !tags.includes(typedImage)) {
		entries.push({id: `run:${typedImage}`, words: `run ${typedImage}`, title: t('Run a new container from {image} (the form)', {image: typedImage}), command: {kind: 'run', image: typedImage}});
	}

	return entries;
}

/** Typing an entry's whole word or words (`images`, `logs web`) ranks it above longer words that start so. */
const WHOLE_WORDS = 15;
/** Recently used entries rank higher: the most recent by this much, each older one a little less. */
const RECENT_BONUS = 12;
/** An action whose key works where the palette was opened ranks a little higher: `stop` in Containers finds Stop before the project's. */
const HERE_BONUS = 4;
/** Entries kept in the recent list. */
export const RECENT_KEPT = 20;

/**
 * The entries `text` finds, best first. Without text, recently used entries come first (most
 * recent first), then the rest in their order; with text, the fuzzy score decides, and being
 * recent adds a bonus, and so does being an action of `here` (the scopes whose keys work where the
 * palette was opened). Ties keep the entries' order.
 */
export function rankEntries(entries: readonly PaletteEntry[], text: string, recent: readonly string[], here: ReadonlySet<Scope> = new Set()): PaletteEntry[] {
	const needle = text.trim();
	const recency = (entry: PaletteEntry): number => {
		const at = recent.indexOf(entry.id);
		return at === -1 ? 0 : RECENT_BONUS * (1 - at / RECENT_KEPT);
	};

	const scored: Array<{entry: PaletteEntry; score: number; order: number}> = [];
	for (const [order, entry] of entries.entries()) {
		const score = fuzzyScore(needle, entry.words);
		if (score !== undefined) {
			const whole = needle !== '' && ` ${entry.words.toLowerCase()} `.includes(` ${needle.toLowerCase()} `) ? WHOLE_WORDS : 0;
			const local = needle !== '' && entry.scope !== undefined && here.has(entry.scope) ? HERE_BONUS : 0;
			scored.push({entry, score: score + whole + local + recency(entry), order});
		}
	}

	return scored.sort((a, b) => b.score - a.score || a.order - b.order).map(item => item.entry);
}

/** The recent list once `id` was used: it goes first, each entry once, bounded. */
export function usedEntry(recent: readonly string[], id: string): string[] {
	return [id, ...recent.filter(item => item !== id)].slice(0, RECENT_KEPT);
}
