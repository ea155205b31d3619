// How each shown compose project differs from its config files, read through the compose CLI. Asked
// only while the projects pane is shown, one project at a time, and again only when something says
// the answer changed: a compose action, a config file written, or the project's containers recreated.
import {watch, type FSWatcher} from 'node:fs';
import path from 'node:path';
import type {ComposeCli, ComposeDefinition, Engine} from '../engine/types.js';
import {errorText} from '../format/index.js';
import {Observable} from './observable.js';
import {composeLabels, projectDrift, type ComposeProject, type ProjectDrift} from './projects.js';
import {t} from '../i18n/translate.js';

export type DefinitionState =
	| {status: 'loading'; /** The previous answer, shown until the new one comes. */ data?: ComposeDefinition}
	| {status: 'ready'; data: ComposeDefinition}
	| {status: 'error'; error: string};

interface Entry {
	project: ComposeProject;
	/** What the answer depends on: when it changes, the CLI is asked again. */
	fingerprint: string;
	state: DefinitionState;
	watchers: FSWatcher[];
}

/** Config files written in quick succession (an editor's save) make one reload. */
const FILE_SETTLE_MS = 250;

function fingerprint(project: ComposeProject, generation: number): string {
	const containers = project.services
		.flatMap(service => service.containers.map(container => `${container.id}:${container.labels[composeLabels.configHash] ?? ''}`))
		.sort();
	return [generation, project.workingDir ?? '', ...project.configFiles, ...containers].join('\n');
}

/** The config files as absolute paths, as compose resolves them. */
function configPaths(project: ComposeProject): string[] {
	return project.configFiles.map(file => (project.workingDir === undefined ? file : path.resolve(project.workingDir, file))).filter(file => path.isAbsolute(file));
}

export class ProjectDefinitions extends Observable<ReadonlyMap<string, DefinitionState>> {
	readonly #engine: Engine;
	readonly #entries = new Map<string, Entry>();
	/** Bumped per project by compose actions and file changes; kept while the project is out of view. */
	readonly #generations = new Map<string, number>();
	readonly #queue: string[] = [];
	#running: {name: string; controller: AbortController} | undefined;
	readonly #timers = new Map<string, NodeJS.Timeout>();
	#cli: ComposeCli | undefined | 'unknown' = 'unknown';
	#holders = 0;

	constructor(engine: Engine) {
		super(new Map());
		this.#engine = engine;
		engine.composeCli().then(
			cli => {
				this.#cli = cli;
			},
			() => {
				this.#cli = undefined;
			},
		);
	}

	/** The compose CLI, once looked for: forms can say at once that there is none. */
	knownCli(): ComposeCli | undefined | 'unknown' {
		return this.#cli;
	}

	/** Keeps the answers of these projects current; projects left out are dropped and no longer watched. */
	show(projects: readonly ComposeProject[]): void {
		const wanted = new Set(projects.map(project => project.name));
		let changed = false;
		for (const name of [...this.#entries.keys()]) {
			if (!wanted.has(name)) {
				this.#drop(name);
				changed = true;
			}
		}

		for (const project of projects) {
			const print = fingerprint(project, this.#generations.get(project.name) ?? 0);
			const entry = this.#entries.get(project.name);
			if (entry?.fingerprint === print) {
				entry.project = project;
				continue;
			}

			const previous = entry?.state.status === 'ready' ? entry.state.data : entry?.state.status === 'loading' ? entry.state.data : undefined;
			const watchers = entry?.watchers ?? this.#watch(project);
			this.#entries.set(project.name, {project, fingerprint: print, state: {status: 'loading', ...(previous ? {data: previous} : {})}, watchers});
			if (this.#running?.name === project.name) {
				this.#running.controller.abort();
			}

			if (!this.#queue.includes(project.name)) {
				this.#queue.push(project.name);
			}

			changed = true;
		}

		// Container news that changes no answer draws nothing.
		if (changed) {
			this.#publish();
		}

		this.#next();
	}

	/** Asks again for a project after a compose action changed it (or its images). */
	refresh(name: string): void {
		this.#generations.set(name, (this.#generations.get(name) ?? 0) + 1);
		if (this.#entries.has(name)) {
			this.show([...this.#entries.values()].map(entry => entry.project));
		}
	}

	/**
	 * Someone shows the answers (the list, a tab); when the last one lets go, asking and watching
	 * stop. The check waits a moment, so that one part of the pane taking over from another (full
	 * screen) does not ask the CLI again.
	 */
	hold(): () => void {
		this.#holders++;
		let held = true;
		return () => {
			if (!held) {
				return;
			}

			held = false;
			this.#holders--;
			setTimeout(() => {
				if (this.#holders === 0) {
					this.close();
				}
			}, 0);
		};
	}

	/** Stops asking and watching: the pane is not shown. */
	close(): void {
		this.show([]);
	}

	#drop(name: string): void {
		const entry = this.#entries.get(name);
		for (const watcher of entry?.watchers ?? []) {
			watcher.close();
		}

		clearTimeout(this.#timers.get(name));
		this.#timers.delete(name);
		this.#entries.delete(name);
		const queued = this.#queue.indexOf(name);
		if (queued !== -1) {
			this.#queue.splice(queued, 1);
		}

		if (this.#running?.name === name) {
			this.#running.controller.abort();
		}
	}

	/** Watches the folders of the config files: editors replace a file rather than write into it. */
	#watch(project: ComposeProject): FSWatcher[] {
		const byFolder = new Map<string, Set<string>>();
		for (const file of configPaths(project)) {
			const folder = path.dirname(file);
			byFolder.set(folder, (byFolder.get(folder) ?? new Set()).add(path.basename(file)));
		}

		const watchers: FSWatcher[] = [];
		for (const [folder, names] of byFolder) {
			try {
				const watcher = watch(folder, {persistent: false}, (_event, name) => {
					if (name === null || names.has(name.toString())) {
						this.#fileChanged(project.name);
					}
				});
				watcher.on('error', () => watcher.close());
				watchers.push(watcher);
			} catch {
				// The folder is not on this machine (a project started elsewhere): the CLI says so when asked.
			}
		}

		return watchers;
	}

	#fileChanged(name: string): void {
		clearTimeout(this.#timers.get(name));
		this.#timers.set(
			name,
			setTimeout(() => {
				this.#timers.delete(name);
				this.refresh(name);
			}, FILE_SETTLE_MS),
		);
	}

	#next(): void {
		if (this.#running !== undefined) {
			return;
		}

		const name = this.#queue.shift();
		const entry = name === undefined ? undefined : this.#entries.get(name);
		if (name === undefined || !entry) {
			return;
		}

		const controller = new AbortController();
		const print = entry.fingerprint;
		this.#running = {name, controller};
		const settle = (state: DefinitionState): void => {
			this.#running = undefined;
			const current = this.#entries.get(name);
			// An answer for a project since dropped, or asked for again meanwhile, is not the current one.
			if (!controller.signal.aborted && current?.fingerprint === print) {
				current.state = state;
				this.#publish();
			}

			this.#next();
		};

		this.#engine.composeDefinition(entry.project, controller.signal).then(
			data => {
				settle({status: 'ready', data});
			},
			(error: unknown) => {
				settle({status: 'error', error: errorText(error)});
			},
		);
	}

	#publish(): void {
		this.update(() => new Map([...this.#entries].map(([name, entry]) => [name, entry.state])));
	}
}

const byEngine = new WeakMap<Engine, ProjectDefinitions>();

/** The one set of project definitions per engine, shared by the projects pane and the compose actions. */
export function projectDefinitions(engine: Engine): ProjectDefinitions {
	let definitions = byEngine.get(engine);
	if (!definitions) {
		definitions = new ProjectDefinitions(engine);
		byEngine.set(engine, definitions);
	}

	return definitions;
}

const drifts = new WeakMap<ComposeProject, {data: ComposeDefinition; drift: ProjectDrift}>();

/** The project's drift from its files' last known definition (while a new one loads, the previous). */
export function driftOf(project: ComposeProject, state: DefinitionState | undefined): ProjectDrift | undefined {
	const data = state?.status === 'ready' || state?.status === 'loading' ? state.data : undefined;
	if (data === undefined) {
		return undefined;
	}

	const cached = drifts.get(project);
	if (cached?.data === data) {
		return cached.drift;
	}

	const drift = projectDrift(project, data.hashes, data.services);
	drifts.set(project, {data, drift});
	return drift;
}

/** "2 outdated · 1 not created", or "" when the project matches its files. */
export function driftSummary(drift: ProjectDrift): string {
	const outdated = drift.outdated.reduce((sum, service) => sum + service.containers.length, 0);
	return [
		outdated > 0 ? t('{count} outdated', {count: outdated}) : '',
		drift.missing.length > 0 ? t('{count} not created', {count: drift.missing.length}) : '',
		drift.orphans.length > 0 ? t('{count} orphaned', {count: drift.orphans.length}) : '',
	]
		.filter(Boolean)
		.join(' · ');
}
