// Compose projects and services, grouped from the labels compose puts on every container it makes.
// Nothing here asks the compose CLI: a project started from any directory, by v1 or v2, on this
// machine or another, is found the same way, and the pane works even with no compose CLI at all.
import path from 'node:path';
import type {ContainerSummary, PortMapping} from '../engine/types.js';
import {compareText} from '../format/index.js';
import {compileFilter, type RowFilter} from '../format/match.js';

/** The labels compose (v1 and v2 alike) sets on the containers it creates. */
export const composeLabels = {
	project: 'com.docker.compose.project',
	service: 'com.docker.compose.service',
	number: 'com.docker.compose.container-number',
	oneOff: 'com.docker.compose.oneoff',
	workingDir: 'com.docker.compose.project.working_dir',
	configFiles: 'com.docker.compose.project.config_files',
	configHash: 'com.docker.compose.config-hash',
} as const;

export interface ComposeService {
	name: string;
	/** The image of the newest replica (of the newest one-off when there is no replica). */
	image: string;
	/** Replicas (one-offs not counted) that are running. */
	running: number;
	/** Replicas, one-offs not counted. */
	total: number;
	/** Ports of all replicas, without repeats. */
	ports: PortMapping[];
	/** The replicas, by container number. */
	containers: ContainerSummary[];
	/** Containers of `compose run`: not replicas, so apart and not counted, oldest first. */
	oneOffs: ContainerSummary[];
}

export interface ComposeProject {
	name: string;
	/** As `docker compose ls` prints it: "exited(1), running(2)", states in alphabetical order. */
	status: string;
	running: number;
	total: number;
	/** The directory compose ran in, when the containers say. */
	workingDir?: string;
	/** The config files it was started with (newest containers' first, each once). */
	configFiles: string[];
	services: ComposeService[];
}

/** A `compose run` container (`oneoff` is "True" there, "False" on replicas). */
export function isOneOff(container: ContainerSummary): boolean {
	return (container.labels[composeLabels.oneOff] ?? '').toLowerCase() === 'true';
}

/** The replica number compose gave the container, or undefined when the label is missing or odd. */
export function containerNumber(container: ContainerSummary): number | undefined {
	const text = container.labels[composeLabels.number];
	if (text === undefined || !/^\d+$/.test(text)) {
		return undefined;
	}
	return Number(text);
}

function projectOf(container: ContainerSummary): string | undefined {
	return container.project ?? container.labels[composeLabels.project];
}

function serviceOf(container: ContainerSummary): string {
	return container.service ?? container.labels[composeLabels.service] ?? '';
}

/** Counts states the way compose v2's `ls` does: one "state(n)" per state, states sorted, comma-joined. */
export function combinedStatus(containers: readonly ContainerSummary[]): string {
	const counts = new Map<string, number>();
	for (const container of containers) {
		counts.set(container.state, (counts.get(container.state) ?? 0) + 1);
	}
	return [...counts.keys()]
		.sort(compareText)
		.map(state => `${state}(${counts.get(state) ?? 0})`)
		.join(', ');
}

function byNumber(a: ContainerSummary, b: ContainerSummary): number {
	// Containers without a number (hand-made, or a compose that does not number) go last.
	const left = containerNumber(a) ?? Number.POSITIVE_INFINITY;
	const right = containerNumber(b) ?? Number.POSITIVE_INFINITY;
	return left === right ? compareText(a.name, b.name) : left < right ? -1 : 1;
}

function newestFirst(a: ContainerSummary, b: ContainerSummary): number {
	return b.created - a.created || compareText(a.id, b.id);
}

function portKey(port: PortMapping): string {
	return `${port.ip ?? ''}|${port.publicPort ?? ''}|${port.privatePort}|${port.type}`;
}

function byPort(a: PortMapping, b: PortMapping): number {
	return (
		a.privatePort - b.privatePort ||
		(a.publicPort ?? 0) - (b.publicPort ?? 0) ||
		compareText(a.type, b.type) ||
		compareText(a.ip ?? '', b.ip ?? '')
	);
}

function uniquePorts(containers: readonly ContainerSummary[]): PortMapping[] {
	const ports = new Map<string, PortMapping>();
	for (const container of containers) {
		for (const port of container.ports) {
			ports.set(portKey(port), port);
		}
	}
	return [...ports.values()].sort(byPort);
}

function groupService(name: string, members: ContainerSummary[]): ComposeService {
	const containers = members.filter(container => !isOneOff(container)).sort(byNumber);
	const oneOffs = members.filter(isOneOff).sort((a, b) => -newestFirst(a, b));
	const newest = [...containers].sort(newestFirst)[0] ?? [...oneOffs].sort(newestFirst)[0];
	return {
		name,
		image: newest?.image ?? '',
		running: containers.filter(container => container.state === 'running').length,
		total: containers.length,
		ports: uniquePorts(containers),
		containers,
		oneOffs,
	};
}

function groupProject(name: string, members: ContainerSummary[]): ComposeProject {
	const byService = new Map<string, ContainerSummary[]>();
	for (const container of members) {
		const service = serviceOf(container);
		const list = byService.get(service);
		if (list) {
			list.push(container);
		} else {
			byService.set(service, [container]);
		}
	}
	const services = [...byService.entries()]
		.map(([service, list]) => groupService(service, list))
		.sort((a, b) => compareText(a.name, b.name));
	const replicas = services.flatMap(service => service.containers);

	// The newest containers speak for where the project lives now: a project moved to another
	// directory and brought up again leaves older containers with the old path until they are recreated.
	const newestFirstMembers = [...members].sort(newestFirst);
	const workingDir = newestFirstMembers
		.map(container => container.labels[composeLabels.workingDir])
		.find(dir => dir !== undefined && dir !== '');
	const configFiles: string[] = [];
	for (const container of newestFirstMembers) {
		// Compose joins the files with commas (so a path with a comma cannot be told apart; neither can compose).
		// v1 labels the files as given on its command line, often relative to its working directory.
		const dir = container.labels[composeLabels.workingDir] ?? '';
		for (const given of (container.labels[composeLabels.configFiles] ?? '').split(',')) {
			const file = given !== '' && path.isAbsolute(dir) && !path.isAbsolute(given) ? path.resolve(dir, given) : given;
			if (file !== '' && !configFiles.includes(file)) {
				configFiles.push(file);
			}
		}
	}

	return {
		name,
		status: combinedStatus(replicas),
		running: replicas.filter(container => container.state === 'running').length,
		total: replicas.length,
		...(workingDir === undefined ? {} : {workingDir}),
		configFiles,
		services,
	};
}

/** Compose projects among `containers`, by name; containers without a project label are left out. */
export function groupProjects(containers: Iterable<ContainerSummary>): ComposeProject[] {
	const byProject = new Map<string, ContainerSummary[]>();
	for (const container of containers) {
		const project = projectOf(container);
		if (project === undefined || project === '') {
			continue;
		}
		const list = byProject.get(project);
		if (list) {
			list.push(container);
		} else {
			byProject.set(project, [container]);
		}
	}
	return [...byProject.entries()].map(([name, list]) => groupProject(name, list)).sort((a, b) => compareText(a.name, b.name));
}

let lastContainers: ReadonlyMap<string, ContainerSummary> | undefined;
let lastProjects: ComposeProject[] = [];

/**
 * The projects of the model's containers. The model replaces its containers map on every change,
 * so the map's identity says whether anything changed: a frame with no container news costs nothing.
 */
export function selectProjects(containers: ReadonlyMap<string, ContainerSummary>): ComposeProject[] {
	if (containers !== lastContainers) {
		lastContainers = containers;
		lastProjects = groupProjects(containers.values());
	}
	return lastProjects;
}

export interface OutdatedService {
	service: string;
	/** Ids of the replicas whose config hash is not the file's: `up` would recreate them. */
	containers: string[];
}

export interface ProjectDrift {
	/** Services in the config files with no replica: `up` would create them. */
	missing: string[];
	/** Services with replicas made from an older version of the file. */
	outdated: OutdatedService[];
	/** Services with replicas that the config files no longer define (`up --remove-orphans` removes them). */
	orphans: string[];
}

/**
 * How the running project differs from its config files. `hashes` are the compose CLI's hashes of
 * the files' services (`config --hash '*'`), `defined` the files' services (`config --services`).
 * A defined service whose hash is unknown is never called outdated: no news is not drift.
 */
export function projectDrift(project: ComposeProject, hashes: ReadonlyMap<string, string>, defined: readonly string[]): ProjectDrift {
	const definedSet = new Set(defined);
	const withReplicas = project.services.filter(service => service.containers.length > 0);
	const present = new Set(withReplicas.map(service => service.name));

	const outdated: OutdatedService[] = [];
	for (const service of withReplicas) {
		const hash = hashes.get(service.name);
		if (!definedSet.has(service.name) || hash === undefined) {
			continue;
		}
		const stale = service.containers.filter(container => container.labels[composeLabels.configHash] !== hash);
		if (stale.length > 0) {
			outdated.push({service: service.name, containers: stale.map(container => container.id)});
		}
	}

	return {
		missing: [...definedSet].filter(name => !present.has(name)).sort(compareText),
		outdated,
		orphans: withReplicas.map(service => service.name).filter(name => !definedSet.has(name)),
	};
}

/** Ids of every outdated container, for marking rows. */
export function outdatedContainerIds(drift: ProjectDrift): Set<string> {
	return new Set(drift.outdated.flatMap(service => service.containers));
}

/** A service with the project it belongs to: what a service row, and a service action, act on. */
export interface ProjectService {
	project: ComposeProject;
	service: ComposeService;
}

/** One row of the projects pane: a project, with its services beneath it unless collapsed. */
export type ProjectRow =
	| {kind: 'project'; key: string; project: ComposeProject; collapsed: boolean}
	| ({kind: 'service'; key: string; /** The project's last service: drawn └ rather than ├. */ last: boolean} & ProjectService);

/** Row keys say which kind of row they are; a tab cannot be in a label's name as compose writes it. */
export function projectKey(project: string): string {
	return `project\t${project}`;
}

export function serviceKey(project: string, service: string): string {
	return `service\t${project}\t${service}`;
}

/** Whether a projects-pane key is a service row's (else a project row's, or nothing selected yet). */
export function isServiceKey(key: string | undefined): boolean {
	return key?.startsWith('service\t') ?? false;
}

function serviceMatches(service: ComposeService, filter: RowFilter): boolean {
	return filter.matches({text: [service.name, service.image], labels: service.containers[0]?.labels});
}

/**
 * The tree the pane lists: each project, then its services (unless collapsed). A filter keeps the
 * projects whose name has it with all their services, and the services (name or image) that have it
 * under their project.
 */
export function projectRows(projects: readonly ComposeProject[], collapsed: ReadonlySet<string>, filter: string): ProjectRow[] {
	const match = compileFilter(filter);
	const rows: ProjectRow[] = [];
	for (const project of projects) {
		const whole = filter === '' || match.matches({text: [project.name]});
		const services = whole ? project.services : project.services.filter(service => serviceMatches(service, match));
		if (!whole && services.length === 0) {
			continue;
		}

		const folded = collapsed.has(project.name);
		rows.push({kind: 'project', key: projectKey(project.name), project, collapsed: folded});
		if (!folded) {
			for (const [index, service] of services.entries()) {
				rows.push({kind: 'service', key: serviceKey(project.name, service.name), project, service, last: index === services.length - 1});
			}
		}
	}

	return rows;
}

/** The replicas whose logs a project's (or one service's) Logs tab merges, labelled as compose labels them. */
export interface LogSource {
	id: string;
	/** "web", or "web-2" when the service has more than one replica. */
	label: string;
}

export function logSources(project: ComposeProject, only?: string): LogSource[] {
	return project.services
		.filter(service => only === undefined || service.name === only)
		.flatMap(service =>
			service.containers.map(container => ({
				id: container.id,
				label: service.containers.length > 1 ? `${service.name}-${containerNumber(container) ?? '?'}` : service.name,
			})),
		);
}
