// Swarm secrets and configs: names, dates, labels and the services using them. Their data goes
// to the manager once, at creation, and is never read back (the engine does not give a
// secret's data out; a config's is left out of every summary alike).
import {readFile} from 'node:fs/promises';
import type Docker from 'dockerode';
import {compareText} from '../format/index.js';
import {call, toEngineError} from './errors.js';
import {fileError} from './local-file.js';
import {dataUsers, normalizeSwarmData, type RawService, type RawSwarmData} from './swarm-normalize.js';
import {swarmRequest} from './swarm-request.js';
import type {SwarmDataSummary} from './swarm-types.js';
import {EngineError} from './types.js';
import {t} from '../i18n/translate.js';

const someEngine = 'the Docker engine';

export type SwarmDataKind = 'secret' | 'config';

const paths: Record<SwarmDataKind, string> = {secret: '/secrets', config: '/configs'};

/** Secrets or configs, by name, each with the services that use it. */
export async function listSwarmData(docker: Docker, kind: SwarmDataKind, endpoint = someEngine): Promise<SwarmDataSummary[]> {
	const [items, services] = await call(endpoint, async () =>
		Promise.all([
			swarmRequest<RawSwarmData[]>(docker, {method: 'GET', path: paths[kind]}),
			docker.listServices() as Promise<RawService[]>,
		]),
	);
	const users = dataUsers(services, kind === 'secret' ? 'secrets' : 'configs');
	return items.map(item => normalizeSwarmData(item, users.get(item.ID) ?? [])).sort((a, b) => compareText(a.name, b.name));
}

export interface SwarmDataInput {
	name: string;
	labels?: Record<string, string>;
	/** The value itself, or a file to read it from. */
	data: {value: string | Buffer} | {file: string};
}

/** Creates a secret or a config; answers its id. */
export async function createSwarmData(docker: Docker, kind: SwarmDataKind, input: SwarmDataInput, endpoint = someEngine): Promise<string> {
	const name = input.name.trim();
	if (name === '') {
		throw new EngineError(t('a {kind} needs a name', {kind}));
	}
	const source = input.data;
	const data =
		'file' in source
			? await readFile(source.file).catch((error: unknown) => {
					throw fileError(error, 'read', source.file);
				})
			: Buffer.from(source.value);
	const created = await call(endpoint, () =>
		swarmRequest<{ID: string}>(docker, {
			method: 'POST',
			path: `${paths[kind]}/create`,
			body: {Name: name, Labels: {...input.labels}, Data: data.toString('base64')},
		}),
	);
	return created.ID;
}

/**
 * Removes a secret or a config. The manager refuses while services use it; the refusal then names
 * them: "secret db-password is in use by service web (remove the service or its use of the
 * secret first)".
 */
export async function removeSwarmData(docker: Docker, kind: SwarmDataKind, id: string, endpoint = someEngine): Promise<void> {
	try {
		await swarmRequest(docker, {method: 'DELETE', path: `${paths[kind]}/${encodeURIComponent(id)}`});
	} catch (error) {
		const failure = toEngineError(error, endpoint);
		if (failure.statusCode === 404) {
			throw new EngineError(t('no such {kind}: {id}', {kind, id}), 404);
		}
		if (!/in use/.test(failure.message)) {
			throw failure;
		}
		const item = await swarmRequest<RawSwarmData>(docker, {method: 'GET', path: `${paths[kind]}/${encodeURIComponent(id)}`}).catch(() => undefined);
		const services = (await docker.listServices().catch(() => [])) as RawService[];
		const users = dataUsers(services, kind === 'secret' ? 'secrets' : 'configs').get(item?.ID ?? id) ?? [];
		if (users.length === 0) {
			throw failure;
		}
		const names = [...users].sort(compareText);
		throw new EngineError(
			`${kind} ${item?.Spec?.Name ?? id} is in use by ${names.length === 1 ? 'service' : 'services'} ${names.join(', ')} ` +
				`(remove ${names.length === 1 ? 'the service' : 'them'} or ${names.length === 1 ? 'its' : 'their'} use of the ${kind} first)`,
			failure.statusCode,
		);
	}
}
